# clonevip — the two commands a newcomer runs first:
#   make demo   build, then run the end-to-end demo: Pacemaker + Galera + clonevip in namespaces
#   make test   build and run the whole test suite (what CI runs)
# Others: make build, make bench (JMH), make bench-report (docs/measurements/benchmarks.md), make install / make uninstall,
#   make package (packaging/target/packages: the .deb and .rpm, docs/user/package.md),
#   make bench-compare (clonevip against HAProxy and keepalived, docs/measurements/compare.md),
#   make e2e-drain (bucket moves against pooled connections, docs/measurements/drain-e2e.md),
#   make e2e-load (load-aware placement against static with node1's database squeezed, docs/measurements/load-e2e.md).
MVN ?= mvn -B -ntp
.PHONY: demo demo-net test build setup bench bench-report bench-compare install uninstall clean package e2e-drain e2e-load

setup:
	sh scripts/setup-host.sh

build: setup
	$(MVN) -q -DskipTests package

# Surefire's summary lines are kept in the output (no -q): CI reads them.
test: setup
	$(MVN) verify

demo: build
	sh lab/e2e/demo.sh

# The quick one: the cluster IP alone in a namespace lab (three nodes, a client, a bucket moved).
demo-net: build
	sh scripts/demo.sh

bench: build
	sh bench/run-jmh.sh

# Runs every benchmark and side-by-side script, then regenerates docs/measurements/benchmarks.md and its plots.
bench-report: build
	sh bench/report.sh --run

# clonevip side by side with HAProxy and keepalived on the end-to-end lab (~10 min, root), then docs/measurements/compare.md.
bench-compare: build
	sh bench/compare.sh

# Pools of persistent MariaDB connections while Pacemaker moves buckets, before (drain_limit=0) and after
# (a drain limit), 3 and 12 buckets, two rounds (~30 min, root; docs/developer/e2e-drain.md); then the tables of
# docs/measurements/drain-e2e.md from the figures. The run is labelled with the commit, "with changes" when the work
# tree differs from it in anything but the figures file and the page (a re-run deletes the committed figures first).
E2E_DRAIN_FIGURES ?= docs/measurements/drain-e2e.tsv
e2e-drain: build
	rm -f $(E2E_DRAIN_FIGURES)
	sh lab/e2e/demo.sh --drain --rounds 2 --figures $(E2E_DRAIN_FIGURES) --run "commit $$(git rev-parse --short HEAD)$$(git diff --quiet HEAD -- . ':(exclude)$(E2E_DRAIN_FIGURES)' ':(exclude)docs/measurements/drain-e2e.md' || echo ' with changes'), $$(nproc) cores, $$(date -u +%F)"
	sh lab/e2e/demo.sh --drain-table $(E2E_DRAIN_FIGURES) docs/measurements/drain-e2e.md

# The load-aware placement run (~15 min, root; docs/measurements/load-e2e.md): its figures and plot go to
# docs/measurements/load-e2e/.
e2e-load: build
	sh lab/e2e/demo.sh --load --out docs/measurements/load-e2e

# Installs the agents, jars and a JDK 25 start command on this host (see docs/developer/ocf-framework.md).
install: build
	sh scripts/install.sh

uninstall:
	sh scripts/uninstall.sh

# The .deb and .rpm with their own Java runtime and AOT caches, in packaging/target/packages
# (packaging/build.sh; the clean-machine install test runs with `make test`).
package: setup
	$(MVN) -q -DskipTests -pl packaging -am verify

clean:
	$(MVN) -q clean
