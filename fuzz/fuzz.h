/*
 * fuzz.h - what the fuzz targets share. Each fuzz/fuzz_*.c is one parser
 * of outside input behind LLVMFuzzerTestOneInput; libFuzzer drives it
 * under `make fuzz`, and fuzz/replay.c runs it on the stored inputs under
 * `make test`. A target aborts (FUZZ_CHECK) when a parser breaks its own
 * contract, so that the fuzzer reports it like a crash.
 */
#ifndef KESU_FUZZ_H
#define KESU_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond)                                                             \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                     \
		}                                                                    \
	} while (0)

/* A NUL-terminated copy of data (the caller frees). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
