# mapu — the two commands of the README, and the pieces they are made of.
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin
SWIFT ?= swift
# e.g. SWIFT_FLAGS="--scratch-path .build-mine" to keep a build of your own.
SWIFT_FLAGS ?=
# The release build of the bootstrap that `make package` zips: its own scratch
# path, so that it never competes with the debug build of `make build`.
RELEASE_SCRATCH := .build-release
RELEASE_BOOTSTRAP := $(RELEASE_SCRATCH)/release/bootstrap
# Linked by lld (it ships with Swift), which lays out the functions a cold
# start runs side by side, in the order scripts/text-order.txt gives (`make
# text-order` writes it): ~2 MiB less of the binary resident in the worker.
RELEASE_LINK := -Xswiftc -use-ld=lld -Xlinker --symbol-ordering-file=$(CURDIR)/scripts/text-order.txt \
	-Xlinker --no-warn-symbol-ordering
CHECKOV := .build-tools/checkov/bin/checkov
TEMPLATES := template.json $(wildcard templates/*.json templates/*/*.json)

.PHONY: run test setup build release package upload check-templates check-organization docs fuzz measure-init measure-split bench text-order clean

## run: build, start moto_server seeded like a desktop account, run every
## handler on its recorded events (events/*/expected.json) through the real
## runtime loop, print what CloudFormation was told and a table of event →
## expected → got; exits non-zero on any mismatch.
run: setup build
	.build/debug/mapu-local --moto --seed --check events

## test: every test (unit, loop, end to end against moto_server, the packaged
## zips in a simulated Lambda, the templates).
# The tests that start processes against the one moto_server (end to end,
# packaging) run one at a time: in parallel on 2 cores they starved moto
# past the Lambda deadlines they test. The rest run in parallel.
SERIAL_TESTS := EndToEndTests|PackagingTests

test: setup build package check-templates check-organization
	scripts/test-desktop-scripts
	$(SWIFT) test $(SWIFT_FLAGS) --skip '$(SERIAL_TESTS)'
	$(SWIFT) test $(SWIFT_FLAGS) --no-parallel --filter '$(SERIAL_TESTS)'

setup:
	@scripts/setup

build:
	$(SWIFT) build $(SWIFT_FLAGS)

release:
	@# SwiftPM does not see the order file change: a newer one forces the link.
	@if [ scripts/text-order.txt -nt $(RELEASE_BOOTSTRAP) ]; then rm -f $(RELEASE_BOOTSTRAP); fi
	$(SWIFT) build -c release --static-swift-stdlib --product bootstrap --scratch-path $(RELEASE_SCRATCH) $(RELEASE_LINK)

## package: dist/mapu-function.zip, dist/mapu-layer.zip and dist/SHA256SUMS for
## provided.al2023 x86_64, reproducible, written only if the compatibility check passes.
package: setup release
	python3 scripts/package.py --out dist $(RELEASE_BOOTSTRAP)

## upload (ops, real AWS): the zips to s3://$(BUCKET)/$(PREFIX)/ under
## content-addressed keys; prints the template parameters. BUCKET defaults to
## <organization-id>-platform, PREFIX to mapu.
upload: package
	scripts/upload dist

## check-templates: cfn-lint and checkov on every template.
check-templates: setup
	cfn-lint $(TEMPLATES)
	$(CHECKOV) --quiet --compact --skip-download --framework cloudformation $(addprefix --file ,$(TEMPLATES))

## check-organization: cfn-lint, checkov, parliament and the policy tests on templates/organization.
check-organization:
	scripts/check-organization

## docs: render docs/*.dot to the committed docs/*.svg (installs graphviz if missing).
docs:
	scripts/render-docs

## fuzz: every libFuzzer target for FUZZ_SECONDS (default 60) each, one after
## another; a crash, hang or leak fails it and leaves the input in .build-fuzz/.
fuzz:
	scripts/fuzz run

## bench: mapu against the Python peer (awslambdaric, boto3, cfnresponse) on
## the same job; table on stdout, figures in dist/bench.json.
bench: package
	python3 scripts/bench.py

## text-order: profile a cold start of the release bootstrap (callgrind, the
## benchmark's job) and write the functions it runs to scripts/text-order.txt.
text-order: setup release
	python3 scripts/text_order.py $(RELEASE_BOOTSTRAP)

## measure-init: process start → first GET /next of the packaged bootstrap
## (the layer unzipped, mapu-supervisor beside it).
measure-init: package
	rm -rf .build-bench/measure-init
	python3 -c 'import sys; sys.path.insert(0, "scripts"); import bench; bench.unzip("dist/mapu-layer.zip", ".build-bench/measure-init")'
	python3 scripts/measure_init.py .build-bench/measure-init/bootstrap

## measure-split: size and cold start of the ways to split function and layer.
measure-split: setup release
	$(SWIFT) build -c release --product bootstrap --scratch-path .build-release-dynamic
	python3 scripts/measure_split.py $(RELEASE_BOOTSTRAP) .build-release-dynamic/release/bootstrap

clean:
	rm -rf .build $(RELEASE_SCRATCH) .build-release-dynamic .build-fuzz dist
