.DEFAULT_GOAL := all
# stagematch - build, test and benchmark
#   make            build ./stagematch
#   make check      unit tests + end-to-end cases (then again under ASan/UBSan)
#   make test       unit tests + end-to-end cases, plain build only
#   make SANITIZE=address,undefined test   one sanitizer build
#   make bench      benchmarks (see bench/README.md)
#   make install PREFIX=/usr/local   the binary and the man page (DESTDIR too)
#   make uninstall PREFIX=/usr/local
#   make fuzz       libFuzzer targets for FUZZ_SECONDS in total (docs/reliability.md)
#   make faults     signals, unwritable folder, full disk, out of memory (tests/faults)

CC      ?= cc
STD      = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wconversion -Wformat=2 -Wundef -Werror
OPT     ?= -O2 -g
BUILD   ?= build
ifneq ($(SANITIZE),)
  OPT    = -O1 -g -fno-omit-frame-pointer -fsanitize=$(SANITIZE) -fno-sanitize-recover=all
  LDSAN  = -fsanitize=$(SANITIZE)
  BUILD  = build-san
  BIN    = $(BUILD)/stagematch
else
  BIN    = stagematch
endif
CFLAGS  += $(STD) $(WARN) $(OPT)
LDLIBS   = -lglpk -lcsv -lnettle -lm
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.1.0)
CFLAGS  += -DSTAGEMATCH_VERSION='"$(VERSION)"'

LIB_SRC  = $(wildcard models/*.c) $(wildcard io/*.c) $(wildcard solver/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
# command drivers: main.c plus one cmd_*.c per further command
CMD_OBJ  = $(BUILD)/main.o $(patsubst %.c,$(BUILD)/%.o,$(wildcard cmd_*.c))
TEST_SRC = $(wildcard tests/unit/*.c)
TEST_OBJ = $(TEST_SRC:%.c=$(BUILD)/%.o)
SUITES   = $(patsubst tests/unit/test_%.c,%,$(wildcard tests/unit/test_*.c))

.PHONY: all test check unit cases ref valgrind clean bench install uninstall installcheck htmlcheck nlcheck fuzz fuzz-bins faults fairness progresscheck FORCE
FORCE:

all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libstagematch.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(CMD_OBJ) $(BUILD)/libstagematch.a
	$(CC) $(LDSAN) -o $@ $^ $(LDLIBS)

# the list of suites, rewritten only when it changes
$(BUILD)/tests/unit/suites.inc: FORCE
	@mkdir -p $(dir $@)
	@printf 'SUITE(%s)\n' $(SUITES) > $@.new
	@cmp -s $@.new $@ && rm $@.new || mv $@.new $@

$(BUILD)/tests/unit/run.o: $(BUILD)/tests/unit/suites.inc
$(BUILD)/tests/unit/run.o: CFLAGS += -I$(BUILD)/tests/unit

$(BUILD)/unit_tests: $(TEST_OBJ) $(BUILD)/libstagematch.a
	$(CC) $(LDSAN) -o $@ $^ $(LDLIBS) -lcunit

unit: $(BUILD)/unit_tests
	cd tests/unit && ../../$(BUILD)/unit_tests

cases: $(BIN)
	tests/run_cases.sh ./$(BIN)

# the commitment against sha256sum, the report in headless Chromium
fairness: $(BIN)
	tests/fairness/run.sh ./$(BIN)

test: unit cases installcheck nlcheck fairness progresscheck

# --progress lines of allocate and rerun, and --quiet over --progress
progresscheck: $(BIN)
	tests/progress_check.sh ./$(BIN)

# every message of the input check has a Dutch wording (--lang nl)
$(BUILD)/nl_messages: $(BUILD)/tests/tools/nl_messages.o $(BUILD)/libstagematch.a
	$(CC) $(LDSAN) -o $@ $^ $(LDLIBS)

nlcheck: $(BUILD)/nl_messages
	tests/nl_messages_check.sh $(BUILD)/nl_messages

# install: the binary and the man page under PREFIX (and DESTDIR, for packagers)
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/stagematch
	install -m 0644 docs/stagematch.1 $(DESTDIR)$(MANDIR)/man1/stagematch.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/stagematch $(DESTDIR)$(MANDIR)/man1/stagematch.1

# the HTML letters (--html-letters) parsed and printed by headless Chromium
htmlcheck: $(BIN)
	tests/html_check.sh ./$(BIN)

# install into a temporary prefix, run it, read its man page, uninstall
installcheck: $(BIN)
	tests/install_test.sh

# the reference cross-check: stagematch's optimum against an independent CBC model
ref: $(BIN)
	tests/ref/run.sh ./$(BIN)
	tests/ref/rerun.sh ./$(BIN)

# every end-to-end case under valgrind: no errors, no leaks
valgrind: $(BIN)
	VALGRIND=1 tests/run_cases.sh ./$(BIN)

check:
	$(MAKE) test
	$(MAKE) SANITIZE=address,undefined test
	$(MAKE) valgrind
	$(MAKE) htmlcheck
	$(MAKE) faults
	$(MAKE) fuzz
	$(MAKE) ref

bench: $(BIN)
	bench/run.sh

# stagematch at 100-1600 aiossen against glpsol, CBC and HiGHS (bench/README.md; about an hour)
.PHONY: bench-scale
bench-scale: $(BIN)
	bench/scale.sh ./$(BIN)

# fuzzing with libFuzzer (clang): one target for the CSV layer, one per input
# file (the fuzz input replaces that file of a valid folder) and one for a
# whole folder; FUZZ_SECONDS is the total, shared out evenly.  Findings are
# written as build-fuzz/TARGET-crash-*; the corpus grows in build-fuzz/corpus.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_MAXLEN  ?= 40000
# (warnings are the gcc build's business: clang's differ, so not errors here)
FUZZ_OPT      = -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
                -fno-sanitize-recover=all -Wno-error
FUZZ_FILES    = preferences capacity exemptions parttime regions locked
FUZZ_TARGETS  = csv $(FUZZ_FILES) folder
FUZZ_LINK     = -fsanitize=fuzzer,address,undefined

fuzz:
	$(MAKE) CC=$(FUZZ_CC) BUILD=build-fuzz OPT='$(FUZZ_OPT)' fuzz-bins
	tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_MAXLEN) $(FUZZ_TARGETS)

fuzz-bins: $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)

# the readers need no solver: models/ and io/ only
$(BUILD)/libreaders.a: $(filter $(BUILD)/models/% $(BUILD)/io/%,$(LIB_OBJ))
	rm -f $@
	ar rcs $@ $^

$(BUILD)/fuzz_csv: tests/fuzz/fuzz_csv.c $(BUILD)/libreaders.a
	$(CC) $(CFLAGS) $(FUZZ_LINK) -o $@ $^ $(LDLIBS)

$(BUILD)/fuzz_folder: tests/fuzz/fuzz_load.c $(BUILD)/libreaders.a
	$(CC) $(CFLAGS) $(FUZZ_LINK) -DFUZZ_BASE='"$(CURDIR)/tests/unit/fixtures/valid"' \
	  -o $@ $^ $(LDLIBS)

$(FUZZ_FILES:%=$(BUILD)/fuzz_%): $(BUILD)/fuzz_%: tests/fuzz/fuzz_load.c $(BUILD)/libreaders.a
	$(CC) $(CFLAGS) $(FUZZ_LINK) -DFUZZ_BASE='"$(CURDIR)/tests/unit/fixtures/valid"' \
	  -DFUZZ_FILE='"$*.csv"' -o $@ $^ $(LDLIBS)

# fault injection (signals, unwritable folder, full disk, out of memory) and
# no personal data on stderr
faults: $(BIN) $(BUILD)/faultshim.so
	tests/faults/run.sh ./$(BIN) $(BUILD)/faultshim.so
	tests/faults/privacy.py ./$(BIN)

$(BUILD)/faultshim.so: tests/faults/shim.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -Wall -Wextra -Werror -O2 -g -shared -fPIC -o $@ $< -ldl

clean:
	rm -rf build build-san build-fuzz stagematch

-include $(LIB_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(CMD_OBJ:.o=.d) $(BUILD)/tests/tools/nl_messages.d
