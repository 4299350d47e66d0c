#ifndef KESU_VERSION_H
#define KESU_VERSION_H
/* version.h - the release number `kesu version` prints. */
#define KESU_VERSION "0.1.0"
#endif
