# Sourced by ./mvnw, ./flotilla and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: an existing JAVA_HOME if it is new enough, then `java` on the PATH, then /usr/lib/jvm/*.
flotilla_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

flotilla_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(flotilla_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      # Maven's own Guice calls sun.misc.Unsafe, which JDK 24 and later warn about on every build;
      # allowing it keeps the launcher's and the build's output free of those warnings.
      if [ "$major" -ge 24 ]; then
        case " ${MAVEN_OPTS:-} " in
          *" --sun-misc-unsafe-memory-access="*) ;;
          *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
        esac
      fi
      return 0
    fi
  done
  echo "flotilla: no JDK >= 21 found (looked at JAVA_HOME, the PATH and /usr/lib/jvm/*); install one or set JAVA_HOME" >&2
  return 1
}

flotilla_find_jdk || exit 1
