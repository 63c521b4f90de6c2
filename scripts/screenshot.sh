#!/usr/bin/env bash
# Runs the real till under Xvfb, rings a sale with xdotool as a cashier and a keyboard-wedge
# scanner would, and saves screenshots in docs/: the sale screen, the payment and the
# receipt in Polish, Lithuanian (the Vilnius demo store) and English at 1024x768, and the
# sale, receipt and Devices screens in Polish at 1920x1080.
# Needs: make build (bin/omnitill), xvfb, xdotool, imagemagick (make screenshot installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${OMNITILL_BIN:-bin/omnitill}
out=${OUT_DIR:-docs}
mkdir -p "$out"

# Codes from a demo catalog: barcoded articles by name and a weighed one's PLU.
code_of() { awk -F, -v n="$2" 'index($0, n) { split($2, c, "|"); print c[1]; exit }' "$1"; }
plu_of() { awk -F, -v n="$2" 'index($0, n) { print $(NF-1); exit }' "$1"; }

# The in-store label a scale prints: 2 0 PPPPP WWWWW C (here 0,734 kg).
label() {
	local d="20$1$(printf %05d "$2")" sum=0 i
	for ((i = 0; i < 12; i++)); do sum=$((sum + ${d:i:1} * (i % 2 ? 3 : 1))); done
	echo "$d$(((10 - sum % 10) % 10))"
}

# codes sets the bursts for a demo: five scans, then one typed with a quantity (3*code).
codes() {
	if [ "$1" = lt ]; then
		local csv=assets/demo/products-lt.csv
		local kefyras pienas skilandis
		kefyras=$(code_of $csv '"Kefyras 2,5% 1 l"')
		pienas=$(code_of $csv '"Pienas 2,5% 1 l"')
		skilandis=$(plu_of $csv 'Skilandis sveriamas')
		scans=("$kefyras" "$kefyras" "$(label "$skilandis" 734)" "$pienas")
		typed=$pienas
	else
		local csv=assets/demo/products.csv
		local zubrowka sakotis suris kielbasa
		zubrowka=$(code_of $csv '"Żubrówka Bison Grass 0,7 l"')
		sakotis=$(code_of $csv ',Šakotis,')
		suris=$(code_of $csv 'Grūdėtas varškės sūris')
		kielbasa=$(plu_of $csv 'Kiełbasa śląska')
		scans=("$zubrowka" "$zubrowka" "$(label "$kielbasa" 734)" "$sakotis" "$suris")
		typed=$sakotis
	fi
}

# shoot W H NAME DEMO LANGUAGE [devices]: one session; screenshots named NAME-WxH.png.
shoot() {
	local w=$1 h=$2 name=$3 demo=$4 language=$5 devices=${6:-}
	local work display
	work=$(mktemp -d)
	mkdir -m 0700 "$work/run"
	codes "$demo"
	# Xvfb picks a free display itself and writes its number once it listens.
	Xvfb -displayfd 3 -screen 0 "${w}x${h}x24" -nolisten tcp 3>"$work/display" &
	local xvfb=$!
	trap 'kill $xvfb 2>/dev/null || true' RETURN
	until [ -s "$work/display" ]; do kill -0 $xvfb 2>/dev/null || { echo "Xvfb did not start"; return 1; }; sleep 0.05; done
	display=:$(head -1 "$work/display")
	if [ -n "$language" ]; then # a till set up beforehand, in another language than its store's
		"$bin" --db "$work/till.db" config set till.language "$language" >/dev/null
	fi
	local start=$(date +%s%N)
	DISPLAY=$display XDG_RUNTIME_DIR=$work/run XDG_DATA_HOME=$work/data LIBGL_ALWAYS_SOFTWARE=1 \
		"$bin" --db "$work/till.db" run --fullscreen --demo "$demo" >"$work/till.log" 2>&1 &
	local till=$!
	# Poll every 20 ms (xdotool's own --sync looks only every half second).
	until DISPLAY=$display xdotool search --onlyvisible --name Omnitill >/dev/null 2>&1; do
		kill -0 $till 2>/dev/null || { echo "the till did not start:"; cat "$work/till.log"; return 1; }
		sleep 0.02
	done
	echo "$name ${w}x${h}: window shown after $((($(date +%s%N) - start) / 1000000)) ms"
	sleep 1
	export DISPLAY=$display
	xdotool type --delay 120 1111 && xdotool key Return # the cashier's PIN
	sleep 0.5
	# Scanner bursts: a few milliseconds per key, ended by Enter.
	for code in "${scans[@]}"; do
		xdotool type --delay 4 "$code" && xdotool key Return
		sleep 0.3
	done
	xdotool type --delay 150 "3*$typed" && xdotool key Return # typed by hand: three more
	sleep 0.5
	import -window root "$out/sale-$name-${w}x${h}.png"
	xdotool key F12 && sleep 0.7 # the payment
	import -window root "$out/payment-$name-${w}x${h}.png"
	xdotool key Return && sleep 1 # the rest in cash
	import -window root "$out/receipt-$name-${w}x${h}.png"
	if [ -n "$devices" ]; then
		sleep 0.5 && xdotool key Return && sleep 0.3 # next sale
		xdotool key F5 && sleep 0.3 && xdotool type --delay 120 9999 && xdotool key Return && sleep 0.7 # Devices, manager PIN
		import -window root "$out/devices-$name-${w}x${h}.png"
	fi
	kill $till
	wait $till 2>/dev/null || true
	rm -rf "$work"
}

shoot 1024 768 pl pl "" devices
shoot 1024 768 lt lt ""
shoot 1024 768 en pl en
shoot 1920 1080 pl pl "" devices
echo "saved in $out: sale-, payment- and receipt-{pl,lt,en}-1024x768.png, devices-pl and the Polish 1920x1080 screens"
