fn main() {
    eport_desk::start_tools();
}
