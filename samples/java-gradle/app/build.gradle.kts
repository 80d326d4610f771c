plugins {
    alias(libs.plugins.kotlin.jvm)
    application
}

application {
    mainClass.set("inventory.AppKt")
}
