package com.example;

public class Greeter {
    public static void main(String[] args) {
        System.out.println(greet(args.length > 0 ? args[0] : "world"));
    }

    static String greet(String name) {
        return "Hello, " + name;
    }
}
