package inventory

import kotlin.test.Test

class AppTest {
    @Test
    fun starts() = main()
}
