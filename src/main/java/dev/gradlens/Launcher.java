package dev.gradlens;
public final class Launcher { public static void main(String[] a) {} }
