# Omnitill: `make run` opens the till, `make test` runs every check.
# Both install what they need first (Debian packages through apt-get, Go modules).

SHELL := /bin/bash
# FTS5 (product name search) is compiled into go-sqlite3 only with sqlite_fts5; no_animations
# keeps Fyne from redrawing a blinking cursor 60 times a second (23 % of a core at idle).
export GOFLAGS := -tags=sqlite_fts5,no_animations
export CGO_ENABLED := 1
# Go as these machines install it, when it is not on the PATH already.
export PATH := $(PATH):/usr/local/go/bin

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300
# Build tools, the X11/Wayland/OpenGL headers Fyne's GLFW driver compiles against, and ALSA's
# for the error tone.
BUILD_DEBS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libxkbcommon-dev libwayland-dev libasound2-dev
# For driving and looking at the real window: a virtual display, a keyboard robot, a
# screenshot tool (ImageMagick's import).
SCREENSHOT_DEBS := xvfb xdotool imagemagick

.PHONY: run test deps screenshot-deps build bench bench-central fuzz screenshot central

VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS := -X github.com/omnitill/omnitill/cmd/tillcmd.Version=$(VERSION)

run: deps
	go run -ldflags "$(LDFLAGS)" . $(ARGS)

# The real window's suite (app/realwindow) runs the built till under Xvfb with xdotool; its
# screenshots are kept in build/screens for people to look at.
test: deps screenshot-deps
	gofmt -l . | (! grep .) || (echo "gofmt needed on the files above"; exit 1)
	go vet ./...
	OMNITILL_REAL_WINDOW=1 OMNITILL_SCREENSHOTS=$(CURDIR)/build/screens go test -race -count=1 ./...
	@echo "screenshots of the real window: build/screens"

build: deps
	go build -ldflags "$(LDFLAGS)" -o bin/omnitill .

deps: .deps-debian
	@command -v go >/dev/null || { echo "Go 1.26 or newer is needed: see README"; exit 1; }
	go mod download

# Installs the Debian packages once; the stamp is dropped when they are all present.
.PHONY: .deps-debian
.deps-debian:
	@missing=$$(for p in $(BUILD_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		$(APT) update -qq && $(APT) install -y -qq $$missing; \
	fi

screenshot-deps:
	@missing=$$(for p in $(SCREENSHOT_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then $(APT) update -qq && $(APT) install -y -qq $$missing; fi

bench: deps
	go test -run '^$$' -bench . -benchmem -count 6 ./pos/... ./app/ ./drivers/... | tee bench.txt

# Central under a chain's load (32 tills, 2 pushers each, 4 availability readers; a 200,000-
# product import in DuringImport) and the till's push and pull against a real central.
bench-central: deps
	go test -run '^$$' -bench 'CentralLoad|Push20000|Pull100Prices' ./sync/client/ | tee bench-central.txt

screenshot: deps screenshot-deps build
	scripts/screenshot.sh

# Coverage-guided fuzzing of what reads untrusted bytes: barcodes, serial scanner lines, and
# the sales tills push to central.
fuzz: deps
	go test -run '^$$' -fuzz FuzzParse -fuzztime 60s ./pos/barcode
	go test -run '^$$' -fuzz FuzzFramer -fuzztime 60s ./drivers/scanner
	go test -run '^$$' -fuzz FuzzPushSale -fuzztime 60s ./sync/central/api

# The central store on this machine (no GUI libraries needed): central.db in this folder.
central: deps
	go run ./cmd/omnitill-central --db central.db serve --addr 127.0.0.1:8420
