# salesgate — build, run, test, bench, install.
#   make run     build and start everything on 127.0.0.1:$(PORT) (default 8080)
#   make stop    stop what `make run` started
#   make test    the same in a throwaway directory, then every suite
#   make bench   wrk against salesgate and a bare FastCGI responder
#   make fuzz    every libFuzzer harness for FUZZ_SECONDS (default 600) each
#   make security  sqlmap at --level=5 --risk=3 over every crawled parameter
#   make soak    SOAK_SECONDS (default 600) of load with faults
#   make install PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DESTDIR ?=
PORT    ?= 8080
CC      ?= cc

PKGS    := fcgi libmariadb libssl libpcre2-8 libsodium jansson libmagic libqpdf ldap libcurl
# the PDF helper's own (build/salesgate-pdf): the worker does not link them
PDF_PKGS := pangocairo gdk-pixbuf-2.0
# opened on first use by cgi/lazylib.c (dlopen), not linked: their
# headers from PKGS, their sonames from the -dev packages' .so links
LAZY_PKGS := libmagic libqpdf ldap libcurl
soname = $(shell readelf -d $$(pkg-config --variable=libdir $(1))/lib$(2).so 2>/dev/null | sed -n 's/.*soname: \[\(.*\)\]/\1/p')
LAZY_SONAMES := -DSG_SONAME_CURL='"$(call soname,libcurl,curl)"' -DSG_SONAME_LDAP='"$(call soname,ldap,ldap)"' \
                -DSG_SONAME_MAGIC='"$(call soname,libmagic,magic)"' -DSG_SONAME_QPDF='"$(call soname,libqpdf,qpdf)"'
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(filter-out $(LAZY_PKGS),$(PKGS)) 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-format-nonliteral -Wvla
HARDEN  := -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE -fno-strict-overflow
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE -DSG_DATADIR='"$(PREFIX)/share/salesgate"' $(LAZY_SONAMES) $(WARN) $(HARDEN) $(CFLAGS) \
              -isystem /usr/include/ClearSilver $(PKG_CFLAGS)
LDLIBS  := -lneo_cgi -lneo_cs -lneo_utl -lz $(PKG_LIBS) -lm
LDHARDEN := -pie -Wl,-z,relro,-z,now

ASAN_FLAGS := -O1 -g -DSG_TEST_CLOCK -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=undefined

SRC     := $(wildcard cgi/*.c)
LIBSRC  := $(filter-out cgi/main.c,$(SRC))
HDR     := $(wildcard cgi/*.h)
OBJ     := $(SRC:cgi/%.c=build/obj/%.o)
AOBJ    := $(SRC:cgi/%.c=build/asan-obj/%.o)
UNITSRC := $(wildcard tests/unit/*.c)

.PHONY: all asan unit deps run stop test bench install clean check-syntax fuzz fuzzers security soak
all: build/salesgate build/salesgate-pdf

build/obj/%.o: cgi/%.c $(HDR) | build/obj
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@
build/asan-obj/%.o: cgi/%.c $(HDR) | build/asan-obj
	@echo "  CC asan $<"
	@$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) -U_FORTIFY_SOURCE -c $< -o $@

build/salesgate: $(OBJ) | build/salesgate-pdf
	$(CC) $(LDHARDEN) -o $@ $(OBJ) $(LDLIBS)
build/asan/salesgate: $(AOBJ) | build/asan build/asan/salesgate-pdf
	$(CC) -fsanitize=address,undefined -o $@ $(AOBJ) $(LDLIBS)
asan: build/asan/salesgate

# The PDF helper a worker starts per summary PDF (cgi/summary.c looks for
# it beside its own executable, or at Summary.PdfHelper).  The ASan
# worker's copy is the release build: fontconfig's caches read as leaks.
build/salesgate-pdf: pdf/salesgate-pdf.c | build
	$(CC) -std=c11 $(WARN) $(HARDEN) $(CFLAGS) $(shell pkg-config --cflags $(PDF_PKGS)) \
	  $(LDHARDEN) -o $@ $< $(shell pkg-config --libs $(PDF_PKGS))
build/asan/salesgate-pdf: build/salesgate-pdf | build/asan
	cp $< $@

build/unit-tests: $(UNITSRC) $(LIBSRC) $(HDR) tests/unit/tap.h | build
	@echo "  CC unit $@"
	@$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) -U_FORTIFY_SOURCE -Icgi -o $@ $(UNITSRC) $(LIBSRC) $(LDLIBS)
unit: build/unit-tests

build/bench-routing: bench/routing.c $(LIBSRC) $(HDR) | build
	$(CC) $(ALL_CFLAGS) -Icgi -o $@ bench/routing.c $(LIBSRC) $(LDLIBS)

build/hello-fcgi: bench/hello.c | build
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $< -lfcgi

build build/obj build/asan-obj build/asan:
	mkdir -p $@

# libFuzzer harnesses (fuzz/fuzz_*.c) over the library built by clang with
# the fuzzer's coverage and ASan+UBSan.  A harness may #include a cgi/*.c
# to reach its static parts; the archive then leaves that object out.
FUZZ_CC    ?= clang
FUZZ_FLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=undefined
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -DSG_DATADIR='"$(PREFIX)/share/salesgate"' $(WARN) \
              -Wno-unknown-warning-option -isystem /usr/include/ClearSilver $(PKG_CFLAGS) -Icgi
FUZZ_SRC   := $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN   := $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)
FOBJ       := $(LIBSRC:cgi/%.c=build/fuzz-obj/%.o)
FUZZ_SECONDS ?= 600

build/fuzz-obj/%.o: cgi/%.c $(HDR) | build/fuzz-obj
	@echo "  CC fuzz $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@
build/fuzz/libsg.a: $(FOBJ) | build/fuzz
	@rm -f $@
	@ar rcs $@ $(FOBJ)
build/fuzz/%: fuzz/%.c build/fuzz/libsg.a $(HDR) | build/fuzz
	@echo "  LD fuzz $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libsg.a $(LDLIBS)
build/fuzz build/fuzz-obj:
	mkdir -p $@
fuzzers: $(FUZZ_BIN)

soak:
	tools/deps.sh test
	$(MAKE) build/salesgate
	tools/soak.sh

security:
	tools/deps.sh test
	$(MAKE) build/asan/salesgate
	tools/security.sh

fuzz:
	tools/deps.sh test
	$(MAKE) fuzzers
	tools/fuzz.sh $(FUZZ_SECONDS)

deps:
	tools/deps.sh run

run: deps build/salesgate
	PORT=$(PORT) tools/run.sh

stop:
	tools/stop.sh

test:
	tools/deps.sh test
	$(MAKE) build/salesgate build/asan/salesgate build/unit-tests fuzzers
	tests/run

bench:
	tools/deps.sh bench
	$(MAKE) build/salesgate build/hello-fcgi build/bench-routing
	build/bench-routing
	bench/run.sh

install: build/salesgate build/salesgate-pdf
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/salesgate
	install -m 0755 build/salesgate $(DESTDIR)$(PREFIX)/bin/salesgate
	install -m 0755 build/salesgate-pdf $(DESTDIR)$(PREFIX)/bin/salesgate-pdf
	cp -R templates static sql nginx $(DESTDIR)$(PREFIX)/share/salesgate/
	install -d $(DESTDIR)$(PREFIX)/share/salesgate/dist
	cp -R dist/. $(DESTDIR)$(PREFIX)/share/salesgate/dist/
	install -D -m 0644 etc/salesgate.hdf $(DESTDIR)$(PREFIX)/share/salesgate/salesgate.hdf.example

clean:
	rm -rf build
