# mapu — the two commands of the README, and the pieces they are made of.
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin
SWIFT ?= swift

.PHONY: run test setup build release measure-init clean

## run: build, start moto_server seeded like a desktop account, run every
## handler on its recorded events (events/*/expected.json) through the real
## runtime loop, print what CloudFormation was told and a table of event →
## expected → got; exits non-zero on any mismatch.
run: setup build
	.build/debug/mapu-local --moto --seed --check events

## test: every test (unit, loop, end to end against moto_server).
test: setup build
	$(SWIFT) test

setup:
	@scripts/setup

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release --static-swift-stdlib --product bootstrap

## measure-init: process start → first GET /next of the release bootstrap.
measure-init: setup release
	python3 scripts/measure_init.py .build/release/bootstrap

clean:
	rm -rf .build dist
