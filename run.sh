#!/usr/bin/env bash
# fundingarb launcher: builds when the jars are missing or older than the sources, then runs a
# subcommand with the JVM flags every fundingarb process needs (Chronicle Queue maps its files
# through JDK internals: README.md, Embedding).
#
#   ./run.sh                 the demo (same as ./run.sh demo)
#   ./run.sh test            the test suite: mvn -B verify
#   ./run.sh bench [ARGS]    JMH benchmarks (ARGS go to JMH, e.g. FixedPoint -prof gc)
#   ./run.sh bench-ab REV|JAR    the parsers of this build against another's, interleaved in one JVM
#   ./run.sh feeds [--duration 20s] [--real]   the engine on the Binance/Bybit feeds (simulators by default)
#   ./run.sh feeds --replay bybit=FILE [--speed 10|max]   the same on a recorded session replayed by the simulators
#   ./run.sh paper [--sim] [--duration 1h]      paper trading: real market data, simulated fills
#   ./run.sh live [--sim] [--duration 1h]       live trading (keys from the environment), or on the simulators
#   ./run.sh sim [--venues binance,bybit] [--state DIR]   the venue simulators as their own process (engines restart against them; DIR keeps their state)
#   ./run.sh drill [--kills 3] [--seed S]      crash drill: live SIGKILLed and resumed against the simulators
#   ./run.sh ctl [--journal DIR|--url URL] pause|resume|close PAIR|flatten|kill|positions   operate a running session
#   ./run.sh backtest [--from D] [--to D] [--tokens all] [--static-pair T:LONG:SHORT --zero-costs]   the funding history through the stages
#   ./run.sh replay DIR ...  print or verify a session journal
#   ./run.sh journal check DIR [--key-env NAME]   a session journal's integrity (and its seals' signatures): INTACT (exit 0) or DAMAGED (exit 3)
#   ./run.sh decode --venue binance|bybit|hyperliquid|kraken FILE...   engine events of recorded frames
#   ./run.sh --help          every subcommand
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

ENGINE_JAR="engine/target/fundingarb-engine.jar"
BENCH_JAR="benchmarks/target/benchmarks.jar"

die() { echo "run.sh: $*" >&2; exit 1; }

find_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    JAVA="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    JAVA="$(command -v java)"
  else
    die "Java 17 or newer is required but was not found. Install a JDK (e.g. 'apt-get install openjdk-17-jdk') or set JAVA_HOME."
  fi
  local version
  version="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | tr -d '[:space:]')"
  JAVA_MAJOR="${version%%.*}"
  [[ "$JAVA_MAJOR" =~ ^[0-9]+$ ]] || die "cannot tell the version of $JAVA"
  (( JAVA_MAJOR >= 17 )) || die "Java 17 or newer is required; $JAVA is Java $JAVA_MAJOR. Set JAVA_HOME to a newer JDK."
  JVM_FLAGS=(
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED
    -Dchronicle.analytics.disable=true
    -Dchronicle.announcer.disable=true
  )
  if (( JAVA_MAJOR >= 24 )); then
    JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow)
  fi
  if [[ -n "${FUNDINGARB_JVM_OPTS:-}" ]]; then
    # shellcheck disable=SC2206
    JVM_FLAGS+=(${FUNDINGARB_JVM_OPTS})
  fi
}

find_maven() {
  command -v mvn >/dev/null 2>&1 || die "Apache Maven 3.8+ is required to build fundingarb but 'mvn' was not found. Install it (e.g. 'apt-get install maven')."
}

# True when a jar is missing or any source or pom is newer than it.
stale() {
  local jar="$1"
  [[ -f "$jar" ]] || return 0
  local newer
  newer=$(find pom.xml codecs connectors engine benchmarks '(' -path '*/target' -prune ')' -o '(' -type f '(' -path '*/src/*' -o -name pom.xml ')' -newer "$jar" -print -quit ')')
  [[ -n "$newer" ]]
}

build() {
  find_maven
  echo "run.sh: building fundingarb (mvn -B -q package -DskipTests)..." >&2
  local log=target/run.sh-build.log
  if ! mvn -B -q -Dstyle.color=never package -DskipTests >"$log" 2>&1; then
    echo "run.sh: the build failed; its first errors ($log has the whole output):" >&2
    grep -m 8 -E '^\[ERROR\]' "$log" >&2 || tail -n 20 "$log" >&2
    exit 1
  fi
}

# One build at a time: a second ./run.sh started while the first builds waits for it, then finds
# the jars fresh, instead of running another Maven in the same tree.
ensure_built() {
  if stale "$ENGINE_JAR" || stale "$BENCH_JAR"; then
    if ! command -v flock >/dev/null 2>&1; then
      build # no flock (util-linux) here: no lock
      return
    fi
    mkdir -p target
    exec 9>target/run.sh-build.lock
    if ! flock -n 9; then
      echo "run.sh: another ./run.sh is building fundingarb; waiting for it..." >&2
      flock 9
    fi
    if stale "$ENGINE_JAR" || stale "$BENCH_JAR"; then
      build
    fi
    flock -u 9
    exec 9>&-
  fi
}

usage() {
  cat <<'USAGE'
fundingarb: funding-rate arbitrage engine for perpetual futures

Usage: ./run.sh [SUBCOMMAND] [OPTIONS]

  demo      (default) the full engine against the embedded venue simulators replaying
            real funding history (time-compressed), with a live status view and a closing report
  feeds     the engine on the venues' feeds: embedded simulators, or the real venues
            with --real (venues.<venue>.ws_url / rest_url), or a recorded session replayed by the
            simulators with --replay bybit=FILE (binance=WS,DEPTH,... ) [--speed 10|max]; --duration 20s
  paper     paper trading: real market data (venues.<venue> URLs, or --sim for the embedded
            simulators), fills simulated against the live books with the configured fees
  live      live trading: real market data and order gateways, API keys from the environment
            variables named in venues.<venue>.api_key_env / api_secret_env; --sim for the simulators.
            paper and live: --on-exit keep|flatten [--flatten-timeout 60s] decides what happens to open
            positions at the end of --duration, Ctrl-C or SIGTERM
  sim       the venue simulators as their own process on 127.0.0.1 [--venues binance,bybit,...]
            [--port VENUE=N,...]: prints their URLs and the venues block that points
            paper or live at them; their accounts and positions outlast engine restarts
  drill     crash drill: live against simulators, SIGKILLed at N seeded moments and resumed with
            --resume each time [--kills 3] [--seed S]; prints the venues' positions and
            'naked exposure: none' (exit 0) or the residual (exit 1)
  ctl       operate a running demo, paper or live session over its control endpoint on 127.0.0.1:
            pause | resume | close PAIR | flatten | kill | positions [--journal DIR | --url URL];
            token from the environment variable control.token_env names (FUNDINGARB_CONTROL_TOKEN)
  backtest  the funding history (bundled year, or --history FILE...) through the same stages with
            modelled fills and historical funding; a normal journal, the report, return, drawdown,
            Sharpe, turnover; --static-pair TOKEN:LONG:SHORT --zero-costs checks funding by hand
  replay    print (--print) or audit (--verify) a session journal
  report    what a session earned, computed from its journal (./run.sh report DIR)
  journal   journal check DIR: verify every record's checksum and the hash chain of a session
            journal; INTACT (exit 0) or DAMAGED with the first bad record (exit 3). replay and
            report run the same check first and stop on damage unless --allow-damaged
  decode    print the engine events of recorded venue frames (--venue binance|bybit|hyperliquid|kraken FILE...)
  test      run the test suite (mvn -B verify)
  bench     run the JMH benchmarks (arguments go to JMH, e.g. './run.sh bench FixedPoint -prof gc')
  bench-ab  compare the parsers of this build with another revision's (or benchmarks.jar's),
            interleaved in one JVM with a same-build control: './run.sh bench-ab HEAD~1'
  help      this text and every subcommand's options

Every subcommand that runs the engine takes --config FILE (default config/demo.yaml) and
--journal DIR (default a new folder under data/journal/). './run.sh SUBCOMMAND --help' for more.
USAGE
}

bench_usage() {
  cat <<'USAGE'
Usage: ./run.sh bench [JMH ARGS]

Runs the JMH benchmarks of benchmarks/target/benchmarks.jar (built if missing or stale) with the
project's JVM flags in every fork. Every argument is JMH's, e.g.
  ./run.sh bench latency [--rate N] [--duration 30s]  the open-loop tick-to-order harness (--help for its options)
  ./run.sh bench orders [--rate N] [--count N]        command -> bytes at the venue, REST vs WebSocket order entry (--help)
  ./run.sh bench -l                                  list the benchmarks
  ./run.sh bench ParserBenchmark -prof gc            one class, with B/op
  ./run.sh bench 'ParserBenchmark.bybit' -f 1 -i 30 -r 200ms
What each benchmark measures: benchmarks/README.md; results: benchmarks/RESULTS.md.
JMH's own options: ./run.sh bench -h
USAGE
}

bench_ab_usage() {
  cat <<'USAGE'
Usage: ./run.sh bench-ab BASELINE [--workload ticker-recorded|ticker-delta|markPrice|depth20]... [--rounds N] [--block N]

Compares the venue parsers of this build with BASELINE's, interleaved in one JVM (ParserAb, see
benchmarks/README.md): rounds of --block frames (20000) per build, build after build, --rounds
times (400), so that the host's slow spells fall on every build alike; each build's time is
divided by this build's in the same round. BASELINE is a git revision (exported and built once
into target/bench-ab/<commit>/) or a path to a benchmarks.jar. This build is the reference and is
loaded twice: the second copy, the control, shows the run's noise floor.
USAGE
}

cmd="${1:-demo}"
[[ $# -gt 0 ]] && shift

case "$cmd" in
  test)
    if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
      echo "Usage: ./run.sh test [MAVEN ARGS]: the test suite, mvn -B verify (unit tests *Test, then the loopback system tests *IT)"
      exit 0
    fi
    find_java
    find_maven
    exec mvn -B verify "$@"
    ;;
  bench)
    if [[ "${1:-}" == --help ]]; then
      bench_usage
      exit 0
    fi
    find_java
    ensure_built
    if [[ "${1:-}" == latency ]]; then
      shift
      exec "$JAVA" "${JVM_FLAGS[@]}" -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp "$BENCH_JAR" io.fundingarb.bench.LatencyHarness "$@"
    fi
    if [[ "${1:-}" == orders ]]; then
      shift
      exec "$JAVA" "${JVM_FLAGS[@]}" -Xms512m -Xmx512m -cp "$BENCH_JAR" io.fundingarb.bench.OrderPathHarness "$@"
    fi
    if [[ " $* " == *" -l "* || " $* " == *" -lp "* ]]; then
      # JMH lists a benchmark once per mode (JournalAppendBenchmark measures two): each name once
      set +e
      "$JAVA" "${JVM_FLAGS[@]}" -jar "$BENCH_JAR" "$@" | awk '/^[^ ]/ { dup = seen[$0]++ } !dup'
      exit "${PIPESTATUS[0]}"
    fi
    exec "$JAVA" "${JVM_FLAGS[@]}" -jar "$BENCH_JAR" "$@"
    ;;
  bench-ab)
    if [[ $# -eq 0 || "$1" == -h || "$1" == --help ]]; then
      bench_ab_usage
      [[ $# -eq 0 ]] && exit 2
      exit 0
    fi
    baseline="$1"
    shift
    find_java
    ensure_built
    if [[ -f "$baseline" ]]; then
      baseline_jar="$baseline"
    else
      commit="$(git rev-parse --verify --quiet "$baseline^{commit}")" || die "bench-ab: '$baseline' is neither a file nor a git revision"
      tree="target/bench-ab/$commit"
      baseline_jar="$tree/benchmarks/target/benchmarks.jar"
      if [[ ! -f "$baseline_jar" ]]; then
        find_maven
        echo "run.sh: building $baseline ($commit) in $tree..." >&2
        rm -rf "$tree"
        mkdir -p "$tree"
        git archive "$commit" | tar -x -C "$tree"
        (cd "$tree" && mvn -B -q package -DskipTests >&2) || die "bench-ab: building $commit failed"
      fi
    fi
    exec "$JAVA" "${JVM_FLAGS[@]}" -cp "$BENCH_JAR" io.fundingarb.bench.ParserAb "$@" "$BENCH_JAR" "$baseline_jar"
    ;;
  -h|--help|help)
    usage
    find_java
    ensure_built
    echo
    exec "$JAVA" "${JVM_FLAGS[@]}" -jar "$ENGINE_JAR" --help
    ;;
  -V|--version)
    find_java
    ensure_built
    exec "$JAVA" "${JVM_FLAGS[@]}" -jar "$ENGINE_JAR" --version
    ;;
  -*)
    # options without a subcommand go to the demo
    find_java
    ensure_built
    exec "$JAVA" "${JVM_FLAGS[@]}" -jar "$ENGINE_JAR" demo "$cmd" "$@"
    ;;
  *)
    find_java
    ensure_built
    exec "$JAVA" "${JVM_FLAGS[@]}" -jar "$ENGINE_JAR" "$cmd" "$@"
    ;;
esac
