fn main() {
    eport_desk::start();
}
