# kesu - build, test and run. `make run` and `make test` install what is
# missing first (scripts/deps.sh), so a fresh Debian machine needs nothing
# else.

PKGS     := libmicrohttpd sqlite3 jansson libsodium opencc libutf8proc liboath \
            gmime-3.0 libcurl libxml-2.0 libmagic cairo pangocairo fontconfig xlsxwriter \
            libarchive icu-uc libpq
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRC      := $(shell find src -name '*.c' | sort)
LIBSRC   := $(filter-out src/main.c,$(SRC))
HDRS     := $(shell find src -name '*.h')
# Swagger UI draws the API reference (/api/docs): the npm package that
# web/package-lock.json pins, which scripts/deps.sh installs.
SWAGGER  := web/node_modules/swagger-ui-dist/swagger-ui-bundle.js web/node_modules/swagger-ui-dist/swagger-ui.css
EMBED    := $(sort $(wildcard src/store/schema/sqlite/*.sql src/store/schema/postgresql/*.sql)) demo/complaints.json demo/reviews.json demo/incidents.json \
            data/common-passwords.txt $(sort $(wildcard data/analysis/*.tsv data/analysis/*.txt)) $(sort $(wildcard web/*.html web/assets/*)) docs/openapi.yaml \
            $(SWAGGER)
UNIT     := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

# Objects of a build flavour: build/<flavour>/...
objs = $(patsubst %.c,build/$(1)/%.o,$(2))

.PHONY: all run test deps test-deps asan unit clean bench-deps fuzz fuzz-deps fuzz-replay
all: build/kesu

deps:
	@scripts/deps.sh build
test-deps:
	@scripts/deps.sh test
bench-deps:
	@scripts/deps.sh bench
fuzz-deps:
	@scripts/deps.sh fuzz

build/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -O2 -o $@ $<

build/gen/embedded_data.c: build/tools/embed $(EMBED) web/node_modules/.kesu-lock.json
	@mkdir -p $(@D)
	build/tools/embed $@ $(EMBED)

# npm's files carry old times: the copy of the lock that scripts/deps.sh
# leaves after installing says when they changed.
web/node_modules/.kesu-lock.json: web/package-lock.json
	@scripts/deps.sh build
	@touch $@
$(SWAGGER): | web/node_modules/.kesu-lock.json ;

define flavour
build/$(1)/%.o: %.c $(HDRS)
	@mkdir -p $$(@D)
	$$(CC) $$(CFLAGS) $(2) $$(WARN) -Isrc $$(shell pkg-config --cflags $$(PKGS)) -c -o $$@ $$<

build/$(1)/libkesu.a: $(call objs,$(1),$(LIBSRC) build/gen/embedded_data.c)
	@rm -f $$@
	ar rcs $$@ $$^

build/$(1)/kesu: build/$(1)/src/main.o build/$(1)/libkesu.a
	$$(CC) $$(CFLAGS) $(2) -o $$@ $$^ $$(shell pkg-config --libs $$(PKGS)) -llinear -lpthread -lm

build/$(1)/tests/%: tests/unit/%.c build/$(1)/libkesu.a tests/unit/unit.h
	@mkdir -p $$(@D)
	$$(CC) $$(CFLAGS) $(2) $$(WARN) -Isrc -Itests/unit $$(shell pkg-config --cflags $$(PKGS) cmocka) -o $$@ $$< build/$(1)/libkesu.a $$(shell pkg-config --libs $$(PKGS) cmocka) -llinear -lpthread -lm
endef

$(eval $(call flavour,release,))
$(eval $(call flavour,asan,$(SANITIZE)))
# The fuzz flavour: the same objects built by clang with libFuzzer's
# coverage hooks; only `make fuzz` needs clang. gcc's warnings judge the
# code; clang's stricter reading of {NULL} list ends is not taken up.
FUZZ_CC  := clang
FUZZ_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
            -fno-omit-frame-pointer
build/fuzz/%: CC := $(FUZZ_CC)
build/fuzz/%: WARN += -Wno-missing-field-initializers
$(eval $(call flavour,fuzz,$$(FUZZ_SAN)))

# Fuzz targets (fuzz/fuzz_*.c, one parser of outside input each): linked
# with libFuzzer for `make fuzz`, and with fuzz/replay.c in the asan flavour
# so that `make test` replays their corpus and regression inputs with gcc.
FUZZ     := $(patsubst fuzz/%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60
# Extra seeds read at run time, never copied into fuzz/corpus.
SHARED_DATA ?= ../shared/data

build/fuzz/fuzz/%: fuzz/%.c fuzz/fuzz.h build/fuzz/libkesu.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined $(WARN) -Isrc $(shell pkg-config --cflags $(PKGS)) -o $@ $< build/fuzz/libkesu.a $(shell pkg-config --libs $(PKGS)) -llinear -lpthread -lm

build/asan/fuzz/%: fuzz/%.c fuzz/fuzz.h fuzz/replay.c build/asan/libkesu.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANITIZE) $(WARN) -Isrc $(shell pkg-config --cflags $(PKGS)) -o $@ $< fuzz/replay.c build/asan/libkesu.a $(shell pkg-config --libs $(PKGS)) -llinear -lpthread -lm

fuzz-replay: $(addprefix build/asan/fuzz/,$(FUZZ))

# Runs each target FUZZ_SECONDS on one core, merging what it finds into
# fuzz/corpus/TARGET (fuzz/run.sh).
fuzz: fuzz-deps
	@$(MAKE) --no-print-directory $(addprefix build/fuzz/fuzz/,$(FUZZ))
	@FUZZ_SECONDS=$(FUZZ_SECONDS) SHARED_DATA=$(SHARED_DATA) fuzz/run.sh $(FUZZ)

build/kesu: build/release/kesu
	cp $< $@

asan: build/asan/kesu $(addprefix build/asan/tests/,$(UNIT)) fuzz-replay
unit: build/release/kesu $(addprefix build/release/tests/,$(UNIT))

# The demo: a data directory with demo complaints, served on loopback.
DEMO_DIR ?= demo-data
run: deps
	@$(MAKE) --no-print-directory build/kesu
	@build/kesu init --data $(DEMO_DIR) --demo
	@echo "kesu: the workspace is http://127.0.0.1:8080/ (sign in as agent, agent2, agent3, supervisor, manager,"
	@echo "      cashier or admin with"
	@echo "      the passwords printed at the first run); customers use http://127.0.0.1:8080/portal"
	@echo "      forgotten one? build/kesu user reset-password --data $(DEMO_DIR) --username agent"
	@echo "kesu: the API token is in $(DEMO_DIR)/admin.token; try:"
	@echo "  curl -H \"Authorization: Bearer \$$(cat $(DEMO_DIR)/admin.token)\" http://127.0.0.1:8080/api/v1/complaints"
	build/kesu serve --data $(DEMO_DIR) --listen 127.0.0.1:8080

# Every test: unit and integration, then both again under ASan and UBSan.
test: test-deps
	@$(MAKE) --no-print-directory -j$$(nproc) unit asan build/kesu
	@tests/run

clean:
	rm -rf build
