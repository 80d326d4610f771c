package inventory

fun main() {
    println("inventory up")
}
