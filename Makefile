# clonevip — the two commands a newcomer runs first:
#   make demo   build, then run the namespace-lab demo
#   make test   build and run the whole test suite (what CI runs)
# Others: make build, make bench (JMH, see docs/benchmarks.md), make install / make uninstall.
MVN ?= mvn -B -ntp
.PHONY: demo test build setup bench install uninstall clean

setup:
	sh scripts/setup-host.sh

build: setup
	$(MVN) -q -DskipTests package

# Surefire's summary lines are kept in the output (no -q): CI reads them.
test: setup
	$(MVN) verify

demo: build
	sh scripts/demo.sh

bench: build
	sh bench/run-jmh.sh

# Installs the agents, jars and a JDK 25 start command on this host (see docs/ocf-framework.md).
install: build
	sh scripts/install.sh

uninstall:
	sh scripts/uninstall.sh

clean:
	$(MVN) -q clean
