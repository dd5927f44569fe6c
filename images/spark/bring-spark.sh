#!/usr/bin/env bash
# The line's Spark in the base, at build time, as root (before setup-python.sh):
#   bring-spark.sh FOLDER SPARK_VERSION HADOOP_VERSION
# FOLDER holds spark-jars/ (staged by the library), pip-install.sh and maybe extra-ca.pem.
# - spark-jars/ empty: the base must already run SPARK_VERSION ($SPARK_HOME/RELEASE says so; the
#   offline bases and a docker-stacks tag of that version do), else the build fails naming both.
# - spark-jars/ with jars: a base of another release of the same major version (docker-stacks tags
#   3.5 only up to 3.5.3, 4.x up to 4.0.1): $SPARK_HOME/jars is replaced by the line's jars, resolved from Maven Central exactly as
#   the offline base's (so both image sets run the same Spark), $SPARK_HOME/python/pyspark by the
#   sources of PyPI's pyspark sdist of that version, and RELEASE says the new version. The base's
#   bin/ and conf/ stay: launch scripts do not change within a major version.
set -euo pipefail

folder="$1" version="$2" hadoop="$3"
: "${SPARK_HOME:?}"
release="${SPARK_HOME}/RELEASE"
found="$(grep -oE 'Spark [0-9]+\.[0-9]+\.[0-9]+' "$release" 2> /dev/null | head -1 | cut -d' ' -f2 || true)"
shopt -s nullglob
jars=("$folder"/spark-jars/*.jar)

if ((${#jars[@]} == 0)); then
  [[ "$found" == "$version" ]] && { echo "bring-spark: the base runs Spark $version"; exit 0; }
  echo "datalake-build: error: the Spark base runs Spark ${found:-unknown} ($release), not $version:" \
    "use a base of Spark $version or let the library bring the line's Spark (its default base images)"
  exit 1
fi

major="${version%%.*}"
[[ "$found" == "$major".* ]] || {
  echo "datalake-build: error: the Spark base runs Spark ${found:-unknown}, not Spark $major:" \
    "the library replaces Spark within a major version (same Scala, same launch scripts), use a Spark $major base"
  exit 1
}
core="$(printf '%s\n' "${jars[@]##*/}" | grep -E '^spark-core_.*\.jar$' || true)"
[[ "$core" == *"-$version.jar" ]] || {
  echo "datalake-build: error: the staged spark-jars/ hold ${core:-no spark-core}, not Spark $version"
  exit 1
}

# jars: the base's go, the line's come (the base's Hive, YARN and Kubernetes jars go with them, as
# in the offline base)
real_home="$(readlink -f "$SPARK_HOME")"
owner="$(stat -c '%u:%g' "$real_home/jars")"
rm -f "$real_home"/jars/*.jar
cp "${jars[@]}" "$real_home/jars/"
chown "$owner" "$real_home"/jars/*.jar

# pyspark's Python sources of the same version (the sdist's, as the offline base unpacks them)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bash "$folder/pip-install.sh" pip images/spark/bring-spark.sh "$folder/extra-ca.pem" \
  download --no-deps --no-binary :all: --no-build-isolation -d "$work" "pyspark==$version"
tar -xzf "$work/pyspark-$version.tar.gz" -C "$work" "pyspark-$version/pyspark"
rm -rf "$real_home/python/pyspark"
mv "$work/pyspark-$version/pyspark" "$real_home/python/pyspark"
chown -R "$owner" "$real_home/python/pyspark"
# py4j: the zip beside pyspark must be the version of the py4j jar the line's Spark calls
py4j_jar="$(printf '%s\n' "${jars[@]##*/}" | grep -oE '^py4j-[0-9.]+[0-9]' || true)"
if ! ls "$real_home"/python/lib/"${py4j_jar}"-src.zip > /dev/null 2>&1; then
  echo "datalake-build: error: $real_home/python/lib has $(ls "$real_home"/python/lib | paste -sd ' ')," \
    "not ${py4j_jar:-a py4j}-src.zip of Spark $version's py4j jar"
  exit 1
fi
rm -f "$real_home/python/lib/pyspark.zip"
(cd "$real_home/python" && python3 -m zipfile -c lib/pyspark.zip pyspark > /dev/null)

printf 'Spark %s built for Hadoop %s\nBuild flags: replaced by the datalake Spark layer on a base of Spark %s (jars from Maven Central)\n' \
  "$version" "$hadoop" "$found" > "$release"
echo "bring-spark: Spark $found -> $version (${#jars[@]} jars from Maven Central, pyspark $version from PyPI)"
