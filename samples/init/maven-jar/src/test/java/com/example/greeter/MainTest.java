package com.example.greeter;

class MainTest {
    void runs() {
        Main.main(new String[] {"test"});
    }
}
