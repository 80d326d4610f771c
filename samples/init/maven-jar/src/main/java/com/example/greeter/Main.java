package com.example.greeter;

public final class Main {
    public static void main(String[] args) {
        System.out.println("hello, " + (args.length > 0 ? args[0] : "world"));
    }
}
