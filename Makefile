# clonevip — the two commands a newcomer runs first:
#   make demo   build, then run the namespace-lab demo
#   make test   build and run the whole test suite (what CI runs)
MVN ?= mvn -B -q -ntp
.PHONY: demo test build setup clean

setup:
	sh scripts/setup-host.sh

build: setup
	$(MVN) -DskipTests package

test: setup
	$(MVN) verify

demo: build
	sh scripts/demo.sh

clean:
	$(MVN) clean
