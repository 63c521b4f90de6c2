#!/usr/bin/env bash
# Runs the real till under Xvfb, rings a sale with xdotool as a cashier and a keyboard-wedge
# scanner would, and saves screenshots of the sale screen at 1024x768 and 1920x1080 in docs/.
# Needs: make build (bin/omnitill), xvfb, xdotool, imagemagick (make screenshot installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${OMNITILL_BIN:-bin/omnitill}
out=${OUT_DIR:-docs}
mkdir -p "$out"
csv=assets/demo/products.csv

# Codes from the demo catalog: two barcoded articles and a weighed one's PLU.
code_of() { awk -F, -v n="$1" 'index($0, n) { split($2, c, "|"); print c[1]; exit }' "$csv"; }
plu_of() { awk -F, -v n="$1" 'index($0, n) { print $(NF-1); exit }' "$csv"; }
zubrowka=$(code_of '"Żubrówka Bison Grass 0,7 l"')
sakotis=$(code_of ',Šakotis,')
suris=$(code_of 'Grūdėtas varškės sūris')
kielbasa=$(plu_of 'Kiełbasa śląska')

# The in-store label a scale prints: 2 0 PPPPP WWWWW C (here 0,734 kg).
label() {
	local d="20$1$(printf %05d "$2")" sum=0 i
	for ((i = 0; i < 12; i++)); do sum=$((sum + ${d:i:1} * (i % 2 ? 3 : 1))); done
	echo "$d$(((10 - sum % 10) % 10))"
}
weighed=$(label "$kielbasa" 734)

shoot() {
	local w=$1 h=$2 display
	local work
	work=$(mktemp -d)
	mkdir -m 0700 "$work/run"
	# Xvfb picks a free display itself and writes its number once it listens.
	Xvfb -displayfd 3 -screen 0 "${w}x${h}x24" -nolisten tcp 3>"$work/display" &
	local xvfb=$!
	trap 'kill $xvfb 2>/dev/null || true' RETURN
	until [ -s "$work/display" ]; do kill -0 $xvfb 2>/dev/null || { echo "Xvfb did not start"; return 1; }; sleep 0.05; done
	display=:$(head -1 "$work/display")
	local start=$(date +%s%N)
	DISPLAY=$display XDG_RUNTIME_DIR=$work/run XDG_DATA_HOME=$work/data LIBGL_ALWAYS_SOFTWARE=1 \
		"$bin" --db "$work/till.db" run --fullscreen >"$work/till.log" 2>&1 &
	local till=$!
	# Poll every 20 ms (xdotool's own --sync looks only every half second).
	until DISPLAY=$display xdotool search --onlyvisible --name Omnitill >/dev/null 2>&1; do sleep 0.02; done
	echo "window shown after $((($(date +%s%N) - start) / 1000000)) ms (first start: database created and seeded)"
	sleep 1
	export DISPLAY=$display
	xdotool type --delay 120 1111 && xdotool key Return # the cashier's PIN
	sleep 0.5
	# Scanner bursts: a few milliseconds per key, ended by Enter.
	for code in "$zubrowka" "$zubrowka" "$weighed" "$sakotis" "$suris"; do
		xdotool type --delay 4 "$code" && xdotool key Return
		sleep 0.3
	done
	xdotool type --delay 150 "3*$sakotis" && xdotool key Return # typed by hand: three more
	sleep 0.5
	import -window root "$out/sale-${w}x${h}.png"
	xdotool key F12 && sleep 0.5 && xdotool key Return && sleep 1 # pay the rest in cash
	import -window root "$out/receipt-${w}x${h}.png"
	sleep 0.5 && xdotool key Return && sleep 0.3 # next sale
	xdotool key F5 && sleep 0.3 && xdotool type --delay 120 9999 && xdotool key Return && sleep 0.7 # Devices, manager PIN
	import -window root "$out/devices-${w}x${h}.png"
	kill $till
	wait $till 2>/dev/null || true
	echo "saved $out/sale-${w}x${h}.png, receipt-${w}x${h}.png and devices-${w}x${h}.png"
	rm -rf "$work"
}

shoot 1024 768
shoot 1920 1080
