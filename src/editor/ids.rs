/// The DOM id of a field's input, from its issue path: `operators.0.name` →
/// `f-operators-0-name`. Error summaries link to it.
pub fn field_id(path: &str) -> String {
    format!("f-{}", path.replace(['.', ':'], "-"))
}

/// A random UUID v4 (crypto.getRandomValues underneath).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
