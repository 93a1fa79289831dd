# memlab - the top-level Makefile.  Two commands matter to a newcomer:
#   make demo    grade the pitfall and the reference solution of every lab,
#                print a summary table, write the plots under plots/<lab>/
#   make check   the whole test suite (what CI runs)
# and, for a student: make grade (every lab as you have it); for an
# instructor: make gradescope LAB=NN-name (the Gradescope autograder zip;
# a whole class: grader/grade --class, docs/instructor-guide.md).  Every
# target first makes sure the machine has what memlab needs (make deps).

LABS      := $(sort $(patsubst labs/%/lab.ini,%,$(wildcard labs/*/lab.ini)))
# Debian packages memlab needs; `make deps` installs the missing ones.
PACKAGES  := gcc make pkg-config valgrind check libsubunit-dev gnuplot-nox \
             libjansson-dev libinih-dev libarchive-dev libseccomp-dev nettle-dev libexpat1-dev zip
GRADE     := grader/grade
OUT       := out
JOBS      ?= $(shell nproc)

.PHONY: all deps grader demo check grade bench gradescope clean lab-tests grader-tests integration
all: grader

# Installs what is missing with apt-get when run as root; otherwise prints
# the exact command to run.  As root it also makes the unprivileged user
# the grader runs submissions as (grader/proc/sandbox.h), and keeps the reference
# solutions unreadable to it.  Fast when nothing is missing.
# One user per untrusted child that may run at once, machine-wide (grader/base/limits.h: SANDBOX_USERS).
RUNNERS   := memlab-runner $(addprefix memlab-runner,1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
deps:
	@if [ "$$(id -u)" = 0 ]; then \
	  for u in $(RUNNERS); do \
	    id -u $$u >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent \
	      --shell /usr/sbin/nologin --user-group $$u || exit 1; \
	  done; \
	  [ ! -d solutions ] || chmod 700 solutions; \
	fi
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "make deps: installing$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	else \
	  echo "memlab needs:$$missing"; \
	  echo "run: sudo apt-get install -y$$missing"; exit 1; \
	fi

grader: deps
	@$(MAKE) -s -C grader

# The main job: every lab's pitfall and reference solution, graded, in one table.
demo: grader
	@rm -rf $(OUT)/demo; mkdir -p $(OUT)/demo; set -e; rows=""; \
	for lab in $(LABS); do \
	  for who in pitfall solution; do \
	    if [ $$who = pitfall ]; then arg=--pitfall; else arg="--submission solutions/$$lab"; fi; \
	    echo "grading $$lab ($$who)..."; \
	    $(GRADE) labs/$$lab $$arg --out $(OUT)/demo/$$lab/$$who -j $(JOBS) > $(OUT)/demo-$$lab-$$who.txt 2>&1 || \
	      { cat $(OUT)/demo-$$lab-$$who.txt; exit 1; }; \
	    rows="$$rows $$who=$(OUT)/demo/$$lab/$$who/results.json"; \
	  done; \
	  mkdir -p plots/$$lab; \
	  cp $(OUT)/demo/$$lab/solution/plots/*.png $(OUT)/demo/$$lab/solution/plots/*.svg plots/$$lab/; \
	done; \
	echo; grader/summarize $$rows; echo; \
	echo "reports: $(OUT)/demo/<lab>/<pitfall|solution>/report.txt; plots: plots/<lab>/"

# A student's command: grade every lab as it stands in labs/.
grade: grader
	@for lab in $(LABS); do $(GRADE) labs/$$lab --out $(OUT)/grade/$$lab -j $(JOBS) || exit $$?; echo; done

# The whole test suite.
check: grader
	@tests/run-all

bench: grader
	@tests/bench
	@tests/bench-class

# The Gradescope autograder of one lab (gradescope/make-zip): out/gradescope/memlab-LAB.zip
gradescope: grader
	@gradescope/make-zip "$(LAB)"

clean:
	@$(MAKE) -s -C grader clean
	@for lab in $(LABS); do $(MAKE) -s -C labs/$$lab clean; done
	rm -rf $(OUT) $(addprefix plots/,$(LABS))
