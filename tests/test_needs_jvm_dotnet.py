"""What a Gradle, Maven or MSBuild build reads although no COPY names it."""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import init_here, sent_by_buildkit
from test_needs import needs
from trees import tree

GRADLE_KTS = '''
val generateModel by tasks.registering(GenerateTask::class) {
    outputDir.set("$buildDir/generated/openapi")
    inputSpec.set("$projectDir/docs/rating.json")
    configFile.set("${projectDir}/docs/config.json")
}
detekt { config = files("config/detekt/detekt.yml") }
jar { from(file("build/resources/extra")) }
val x = rootProject.file("docs/not-mine.md")
tasks.compileKotlin { dependsOn(generateModel) }
'''


def test_a_gradle_script_that_reads_the_docs_tree(tmp_path: Path) -> None:
    """bamschufarest: compileKotlin depends on an OpenAPI generator whose spec lives in
    docs/; init's `docs` rule broke `gradle shadowJar`. What the build writes (build/) and
    a path not relative to the project are not needs."""
    tree(tmp_path, {
        "Dockerfile": "FROM gradle\nCOPY . /src\nWORKDIR /src\nRUN gradle shadowJar --no-daemon\n",
        "build.gradle.kts": GRADLE_KTS,
        "settings.gradle.kts": 'rootProject.name = "app"\n',
        "docs/rating.json": "{}\n",
        "docs/config.json": "{}\n",
        "docs/index.html": "<html></html>\n",
        "docs/not-mine.md": "x\n",
        "config/detekt/detekt.yml": "x: 1\n",
        "build/resources/extra/a.txt": "x\n",
        "src/main/kotlin/App.kt": "fun main() {}\n",
    })
    found = needs(tmp_path, ("build.gradle.kts",))
    assert {"docs/rating.json", "docs/config.json", "config/detekt/detekt.yml"} <= set(found)
    assert found["docs/rating.json"].line == 4
    assert not {"build/resources/extra", "docs/not-mine.md", "docs/index.html"} & set(found)
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"docs/rating.json", "docs/config.json"} <= sent
    assert "docs/index.html" not in sent
    # the same script in an image that only copies a jar built outside needs nothing
    tree(tmp_path, {"Dockerfile": "FROM eclipse-temurin\nCOPY . /app\nCMD java -jar /app/a.jar\n"})
    assert "docs/rating.json" not in needs(tmp_path, ("build.gradle.kts",))


def test_a_gradle_script_naming_a_root_path(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM gradle\nCOPY . /src\nRUN ./gradlew :app:bootJar\n",
        "gradlew": "#!/bin/sh\n",
        "app/build.gradle": 'checkstyle { configFile = file("$rootDir/docs/checkstyle.xml") }\n'
                            'war { from "$rootDir/app/build/libs/" }\n'
                            'fileTree("${rootDir}/custom").each { include it }\n'
                            'test { systemProperty "ks", "$rootDir/app/res/ks.jks" }\n'
                            'sourceSets.main.java.outputDir = file("$projectDir/bin/main.d")\n',
        "docs/checkstyle.xml": "<module/>\n",
        "app/build/libs/a.jar": "x\n",
        "app/bin/main.d/A.class": "x\n",
        "custom/acme/src/test/ATest.java": "class ATest {}\n",
        "app/res/ks.jks": "x\n",
    })
    found = needs(tmp_path, ("app/build.gradle",))
    assert "docs/checkstyle.xml" in found
    # fineract: an output, a tree the script searches and a test task's key store are not
    # files the image's build reads
    assert not any(path.startswith(("app/build/", "app/bin", "custom")) for path in found)
    assert "app/res/ks.jks" not in found


def test_a_pom_that_names_a_spec_under_docs(tmp_path: Path) -> None:
    pom = ("<project><build><plugins><plugin><configuration>"
           "<inputSpec>${project.basedir}/docs/openapi.yaml</inputSpec>"
           "<output>${basedir}/target/generated</output>"
           "</configuration></plugin></plugins></build></project>\n")
    tree(tmp_path, {
        "Dockerfile": "FROM maven\nCOPY . .\nRUN mvn -B package -DskipTests\n",
        "pom.xml": pom,
        "docs/openapi.yaml": "openapi: 3.0.0\n",
        "target/generated/x.java": "class X {}\n",
    })
    found = needs(tmp_path, ("pom.xml",))
    assert "docs/openapi.yaml" in found
    assert not any(path.startswith("target/") for path in found)
    tree(tmp_path, {"Dockerfile": "FROM eclipse-temurin\nCOPY target/app.jar /app.jar\n"})
    assert "docs/openapi.yaml" not in needs(tmp_path, ("pom.xml",))


def test_editorconfig_is_analyzer_configuration_for_a_dotnet_build(tmp_path: Path) -> None:
    """ErsatzTV: per-project .editorconfig files turn analyzer rules off; with
    TreatWarningsAsErrors the publish fails without them. A build that only copies a
    published app does not compile, and needs none."""
    csproj = ("<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>"
              "<TreatWarningsAsErrors>true</TreatWarningsAsErrors></PropertyGroup></Project>\n")
    tree(tmp_path, {
        "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk\nCOPY App/. ./App/\n"
                      "RUN dotnet publish App/App.csproj -c Release -o /app\n",
        "App/App.csproj": csproj,
        "App/Program.cs": "class P { static void Main() {} }\n",
        "App/.editorconfig": "[*.cs]\ndotnet_diagnostic.ca1848.severity = none\n",
        "App/.globalconfig": "is_global = true\n",
        ".editorconfig": "root = true\n",  # not copied: the build never sees it
    })
    assert {"**/.editorconfig", "**/.globalconfig"} <= set(needs(tmp_path))
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"App/.editorconfig", "App/.globalconfig"} <= sent
    tree(tmp_path, {"Dockerfile": "FROM mcr.microsoft.com/dotnet/aspnet\nCOPY App/bin/out /app\n"})
    assert "**/.editorconfig" not in needs(tmp_path)


def test_buildsrc_sources_are_kept_and_its_host_output_is_not(tmp_path: Path) -> None:
    """fineract on a laptop: the keep list's whole `buildSrc` kept buildSrc/build and
    buildSrc/.gradle, which the image's Gradle rebuilds."""
    tree(tmp_path, {
        "Dockerfile": "FROM gradle\nCOPY . /src\nRUN gradle bootJar\n",
        "build.gradle": "plugins { id 'java' }\n",
        "buildSrc/build.gradle": "plugins { id 'groovy-gradle-plugin' }\n",
        "buildSrc/src/main/groovy/conventions.gradle": "plugins { id 'java' }\n",
        "buildSrc/src/test/groovy/ConventionsTest.groovy": "class ConventionsTest {}\n",
        "buildSrc/build/classes/groovy/main/Conventions.class": "x\n",
        "buildSrc/.gradle/8.0/fileHashes.bin": "x\n",
        "src/main/java/App.java": "class App {}\n",
    })
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"buildSrc/build.gradle", "buildSrc/src/main/groovy/conventions.gradle"} <= sent
    assert not any(path.startswith(("buildSrc/build/", "buildSrc/.gradle/", "buildSrc/src/test"))
                   for path in sent)


SBT_LAPTOP = {
    "build.sbt": 'name := "app"\nassembly / test := {}\n',
    "project/build.properties": "sbt.version=1.9.9\n",
    "project/plugins.sbt": 'addSbtPlugin("com.eed3si9n" % "sbt-assembly" % "2.1.5")\n',
    "src/main/scala/App.scala": "object App extends App\n",
    "src/test/scala/AppSpec.scala": "class AppSpec\n",
    # a developer's machine (trans-server-akka's .gitignore: /target, /project/target...)
    "target/scala-2.13/app-assembly.jar": "PK\x03\x04",
    "project/target/config-classes/A.class": "x\n",
    "project/project/target/B.class": "x\n",
    ".bsp/sbt.json": "{}\n",
    ".metals/metals.mv.db": "x\n",
    ".bloop/app.json": "{}\n",
}


def test_an_sbt_build_in_the_image_on_a_developers_machine(tmp_path: Path) -> None:
    """nwtgck/trans-server-akka: `COPY . /trans` then `sbt assembly`; no preset knew sbt,
    so its target directories and the build server's state were sent."""
    tree(tmp_path, {"Dockerfile": "FROM sbtscala/scala-sbt\nCOPY . /app\nRUN sbt assembly\n",
                    **SBT_LAPTOP})
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"build.sbt", "project/build.properties", "project/plugins.sbt",
            "src/main/scala/App.scala"} <= sent
    assert not any(path.startswith(("target/", "project/target/", "project/project/",
                                    ".bsp/", ".metals/", ".bloop/", "src/test/"))
                   for path in sent)


def test_an_image_of_a_jar_sbt_built_outside(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": "FROM eclipse-temurin:21-jre\n"
                                  "COPY target/scala-2.13/app-assembly.jar /app.jar\n",
                    **SBT_LAPTOP})
    init_here(tmp_path)
    assert "target/scala-2.13/app-assembly.jar" in sent_by_buildkit(tmp_path)
    tree(tmp_path, {"Dockerfile": "FROM sbtscala/scala-sbt\nCOPY . /app\nRUN sbt test stage\n"})
    assert {"src/test", "src/it"} & set(needs(tmp_path))


def test_a_publish_profile_the_publish_names(tmp_path: Path) -> None:
    """belowaverage-org/mDNSRepeater (2db4553): `RUN dotnet publish
    -p:PublishProfile=LinuxARM64 -o out` after `COPY . ./`, and a final stage FROM alpine
    that runs the self-contained single file the profile asks for. init excluded
    Properties/PublishProfiles (local settings): the SDK publishes without a missing
    profile, framework-dependent, and the image cannot start. The user's .pubxml.user and
    a publish that names no profile leave the profiles out."""
    profile = ("<Project><PropertyGroup><RuntimeIdentifier>linux-arm64</RuntimeIdentifier>"
               "<SelfContained>true</SelfContained></PropertyGroup></Project>\n")
    tree(tmp_path, {
        "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:6.0-alpine AS build\nWORKDIR /App\n"
                      "COPY . ./\nRUN dotnet publish -p:PublishProfile=LinuxARM64 -o out\n"
                      "FROM alpine\nCOPY --from=build /App/out .\nENTRYPOINT [\"App\"]\n",
        "App/App.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>\n",
        "App/Program.cs": "class P { static void Main() {} }\n",
        "App/Properties/PublishProfiles/LinuxARM64.pubxml": profile,
        "App/Properties/PublishProfiles/LinuxARM64.pubxml.user": "<Project />\n",
        "App/Properties/launchSettings.json": "{}\n",
    })
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert "App/Properties/PublishProfiles/LinuxARM64.pubxml" in sent
    assert "App/Properties/PublishProfiles/LinuxARM64.pubxml.user" not in sent
    assert "App/Properties/launchSettings.json" not in sent
    (tmp_path / ".dockerignore").unlink()
    tree(tmp_path, {"Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk\nCOPY . ./\n"
                                  "RUN dotnet publish -c Release -o out\n"})
    init_here(tmp_path)
    assert "App/Properties/PublishProfiles/LinuxARM64.pubxml" not in sent_by_buildkit(tmp_path)
