# labs/lab.mk - the rules every lab shares.  A lab's own Makefile names its
# files and includes this; lab.ini (beside it) is the grader's spec.
#
# A lab Makefile sets:
#   PROGRAM     the driver binary (build/$(PROGRAM))
#   DRIVER      the driver's source, with main()
#   HEADER      the API header the student implements
#   STUDENT     the file the student edits (solutions/<lab>/ has the same name)
#   TESTS       the Check test source(s); they define lab_suite()
#   LIB_SRC     optional: trusted lab sources linked into program and tests
#   INPUT_TOOL  optional: a program that writes the workload's input file
#               ($(INPUT_TOOL).c, run as: TOOL --size N --seed S FILE)
#
# Student targets: make, make run [SIZE=N], make test, make grade, make clean.
# IMPL=path picks another implementation of the API (pitfall.c, or a
# solution) and BUILD=dir (relative, or absolute: the grader builds a
# submission outside its read-only lab copy) keeps its objects apart.
# $(BUILD)/asan/ holds the same program and tests built with AddressSanitizer
# and UBSan: the grader's second detector of memory errors.

ROOT    := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
COMMON  := $(ROOT)/labs/common
LAB     := $(notdir $(CURDIR))
IMPL    ?= $(STUDENT)
BUILD   ?= build
WERROR  ?= -Werror
CC      ?= cc
CFLAGS  ?= -O2 -g
LAB_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra $(WERROR) \
             -I. -I$(COMMON) $(CFLAGS)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)
GRADER  := $(ROOT)/grader/grade
MPEAK   := $(ROOT)/grader/mpeak
# lab.ini's default_size, or its smallest size (what the grader defaults to)
SIZE    ?= $(shell awk -F'[ \t]*=[ \t]*' '/^\[/{s=$$0} s=="[lab]" {sub(/[ \t]*;.*/,"",$$2)} \
             s=="[lab]" && $$1=="default_size"{d=$$2} s=="[lab]" && $$1=="sizes"{split($$2,a," "); f=a[1]} \
             END{print (d != "" ? d : f)}' lab.ini)
SEED    ?= 1
INPUT   := $(if $(INPUT_TOOL),$(BUILD)/input-$(SIZE))
MASSIF  := valgrind --tool=massif --peak-inaccuracy=0 --time-unit=B

SAN_CFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

PROG_SRC  = $(DRIVER) $(IMPL) $(LIB_SRC) $(COMMON)/workload.c $(COMMON)/fence.c
# The test files are compiled with memlab_check.h (the transcript of every
# assertion); the implementation is not: it never sees Check's macros.
TEST_LINK = $(IMPL) $(LIB_SRC) $(COMMON)/check_main.c $(COMMON)/fence.c $(COMMON)/workload.c
TEST_OBJ  = $(patsubst %.c,$(BUILD)/t/%.o,$(TESTS))
TEST_DEPS = $(HEADER) $(wildcard tests/*.h) $(COMMON)/memlab_check.h

.PHONY: all run test grade clean print-lab check-deps
all: $(BUILD)/$(PROGRAM) $(BUILD)/tests $(if $(INPUT_TOOL),$(BUILD)/$(INPUT_TOOL))

$(BUILD):
	@mkdir -p $@

$(BUILD)/$(PROGRAM): $(PROG_SRC) $(HEADER) $(COMMON)/workload.h $(COMMON)/fence.h | $(BUILD)
	$(CC) $(LAB_CFLAGS) -o $@ $(PROG_SRC)

$(BUILD)/t/%.o: %.c $(TEST_DEPS) | check-deps
	@mkdir -p $(dir $@)
	$(CC) $(LAB_CFLAGS) $(CHECK_CFLAGS) -include $(COMMON)/memlab_check.h -c -o $@ $<

$(BUILD)/tests: $(TEST_OBJ) $(TEST_LINK) $(HEADER) $(COMMON)/memlab_check.h | $(BUILD) check-deps
	$(CC) $(LAB_CFLAGS) $(CHECK_CFLAGS) -o $@ $(TEST_OBJ) $(TEST_LINK) $(CHECK_LIBS) -Wl,--wrap=suite_add_tcase

# The second detector's builds (the grader runs them; a student may too).
$(BUILD)/asan/$(PROGRAM): $(PROG_SRC) $(HEADER) $(COMMON)/workload.h $(COMMON)/fence.h
	@mkdir -p $(dir $@)
	$(CC) $(LAB_CFLAGS) $(SAN_CFLAGS) -o $@ $(PROG_SRC)

# (the test files themselves need no instrumentation: the errors looked for are the implementation's)
$(BUILD)/asan/tests: $(TEST_OBJ) $(TEST_LINK) $(HEADER) $(COMMON)/memlab_check.h | check-deps
	@mkdir -p $(dir $@)
	$(CC) $(LAB_CFLAGS) $(SAN_CFLAGS) $(CHECK_CFLAGS) -o $@ $(TEST_OBJ) $(TEST_LINK) $(CHECK_LIBS) \
		-Wl,--wrap=suite_add_tcase

# The implementation alone, for the grader's check of what it contains.
$(BUILD)/impl.o: $(IMPL) $(HEADER) | $(BUILD)
	$(CC) $(LAB_CFLAGS) -c -o $@ $(IMPL)

ifneq ($(INPUT_TOOL),)
$(BUILD)/$(INPUT_TOOL): $(INPUT_TOOL).c $(COMMON)/workload.c $(COMMON)/fence.c | $(BUILD)
	$(CC) $(LAB_CFLAGS) -o $@ $^

$(BUILD)/input-%: $(BUILD)/$(INPUT_TOOL)
	$(BUILD)/$(INPUT_TOOL) --size $* --seed $(SEED) $@
endif

# The workload at SIZE, under massif: the program's own output, then its peak.
run: $(BUILD)/$(PROGRAM) $(INPUT)
	@$(MAKE) -s -C $(ROOT)/grader mpeak
	$(MASSIF) --massif-out-file=$(BUILD)/massif.out.$(SIZE) -q \
		$(BUILD)/$(PROGRAM) --size $(SIZE) --seed $(SEED) $(INPUT)
	@$(MPEAK) $(BUILD)/massif.out.$(SIZE)
	@echo "(open it with: ms_print $(BUILD)/massif.out.$(SIZE))"

test: $(BUILD)/tests
	$(BUILD)/tests

grade:
	@$(MAKE) -s -C $(ROOT) grader
	$(GRADER) . --out grade-out

clean:
	rm -rf $(BUILD) grade-out

# What the grader and `make check` compare with lab.ini.
print-lab:
	@echo "program=$(PROGRAM) student=$(STUDENT) input=$(INPUT_TOOL)"

check-deps:
	@pkg-config --exists check || { echo "Check is missing: run 'make deps' at the top of memlab" >&2; exit 2; }
