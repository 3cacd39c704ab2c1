# mapu — the two commands of the README, and the pieces they are made of.
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin
SWIFT ?= swift
EVENTS := $(foreach handler,$(notdir $(wildcard events/*)),$(foreach step,create update delete,events/$(handler)/$(step).json))

.PHONY: run test setup build release measure-init clean

## run: build, start moto_server, run every handler on its recorded events
## through the real runtime loop, print what CloudFormation was told.
run: setup build
	.build/debug/mapu-local --moto $(EVENTS)

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
