/// A random UUID v4 (crypto.getRandomValues underneath).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
