use std::io::{self, BufRead};

fn main() {
    let lines = io::stdin().lock().lines().count();
    println!("{lines}");
}
