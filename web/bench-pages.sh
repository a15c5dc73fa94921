#!/usr/bin/env bash
# Times the workspace's pages as a signed-in person sees them (server time to the last byte, over
# loopback), against GET /health in the same run as the reference: the first visit after a start
# (cold), then N warm visits (p50, p90), and the HTML's size (the page weight before its cached
# stylesheet and scripts). Usage, against a running `disu serve`:
#   web/bench-pages.sh http://127.0.0.1:5080 USER PASSWORD [N] [PATH...]
set -euo pipefail
base=$1 user=$2 password=$3 n=${4:-20}
shift $(( $# < 4 ? $# : 4 ))
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(/health / /du-bao /uu-tien)
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
page=$(curl -s -c "$jar" "$base/dang-nhap")
field() { grep -o "name=\"$1\" value=\"[^\"]*\"" <<<"$page" | head -1 | sed 's/.*value="\([^"]*\)"/\1/'; }
curl -s -b "$jar" -c "$jar" -o /dev/null -w '' \
  --data-urlencode "__RequestVerificationToken=$(field __RequestVerificationToken)" \
  --data-urlencode "_handler=$(field _handler)" \
  --data-urlencode "Form.Id=$user" --data-urlencode "Form.Password=$password" "$base/dang-nhap"
printf '%-28s %8s %8s %8s %9s %6s\n' path "cold ms" "p50 ms" "p90 ms" "HTML KB" status
for path in "${paths[@]}"; do
  times=()
  for i in $(seq 0 "$n"); do
    read -r status seconds bytes < <(curl -s -b "$jar" -o /dev/null -w '%{http_code} %{time_total} %{size_download}\n' "$base$path")
    times+=("$(awk -v s="$seconds" 'BEGIN { printf "%d", s * 1000 }')")
  done
  cold=${times[0]}
  sorted=$(printf '%s\n' "${times[@]:1}" | sort -n)
  p50=$(sed -n "$(( (n + 1) / 2 ))p" <<<"$sorted")
  p90=$(sed -n "$(( (n * 9 + 9) / 10 ))p" <<<"$sorted")
  printf '%-28s %8s %8s %8s %9s %6s\n' "$path" "$cold" "$p50" "$p90" "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1024 }')" "$status"
done
