//! Three-way merge of two edits of the same case (two tabs), field by field:
//! a field changed on one side only takes that change; a field changed on
//! both sides to different values is a conflict, kept as `ours` and reported
//! by path so the user is told (never a silent overwrite).

use serde_json::{Map, Value};

/// The merge of `ours` and `theirs`, both edited from `base`, and the paths
/// (`legal_person.name`, `operators.0.phone`) both sides changed differently.
pub fn merge3(base: &Value, ours: &Value, theirs: &Value) -> (Value, Vec<String>) {
    let mut conflicts = Vec::new();
    let merged = merge_at("", base, ours, theirs, &mut conflicts);
    (merged, conflicts)
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn merge_at(
    path: &str,
    base: &Value,
    ours: &Value,
    theirs: &Value,
    conflicts: &mut Vec<String>,
) -> Value {
    if ours == theirs || theirs == base {
        return ours.clone();
    }
    if ours == base {
        return theirs.clone();
    }
    match (base, ours, theirs) {
        (Value::Object(b), Value::Object(o), Value::Object(t)) => {
            let mut out = Map::new();
            let mut keys: Vec<&String> = o.keys().chain(t.keys()).collect();
            keys.sort();
            keys.dedup();
            let null = Value::Null;
            for k in keys {
                let (bv, ov, tv) = (
                    b.get(k).unwrap_or(&null),
                    o.get(k).unwrap_or(&null),
                    t.get(k).unwrap_or(&null),
                );
                out.insert(k.clone(), merge_at(&join(path, k), bv, ov, tv, conflicts));
            }
            Value::Object(out)
        }
        // Lists of the same length merge item by item (operators keep their
        // order); a list that grew or shrank on both sides is one conflict.
        (Value::Array(b), Value::Array(o), Value::Array(t))
            if o.len() == t.len() && b.len() == o.len() =>
        {
            Value::Array(
                (0..o.len())
                    .map(|i| merge_at(&join(path, &i.to_string()), &b[i], &o[i], &t[i], conflicts))
                    .collect(),
            )
        }
        _ => {
            conflicts.push(path.to_string());
            ours.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_on_different_fields_both_survive() {
        let base = json!({"a": {"x": 1, "y": 1}, "ops": [{"n": "a"}]});
        let ours = json!({"a": {"x": 2, "y": 1}, "ops": [{"n": "a"}]});
        let theirs = json!({"a": {"x": 1, "y": 3}, "ops": [{"n": "b"}]});
        let (m, c) = merge3(&base, &ours, &theirs);
        assert_eq!(m, json!({"a": {"x": 2, "y": 3}, "ops": [{"n": "b"}]}));
        assert!(c.is_empty());
    }

    #[test]
    fn the_same_field_changed_differently_is_reported_and_ours_kept() {
        let base = json!({"legal_person": {"name": ""}, "ops": [1]});
        let ours = json!({"legal_person": {"name": "张三"}, "ops": [1, 2]});
        let theirs = json!({"legal_person": {"name": "李四"}, "ops": [1, 3]});
        let (m, c) = merge3(&base, &ours, &theirs);
        assert_eq!(m, ours);
        assert_eq!(c, vec!["legal_person.name".to_string(), "ops".to_string()]);
    }

    #[test]
    fn identical_changes_are_not_conflicts() {
        let base = json!({"a": 1});
        let both = json!({"a": 2});
        assert_eq!(merge3(&base, &both, &both), (both.clone(), vec![]));
    }

    #[test]
    fn different_items_of_a_list_changed_on_each_side_both_survive() {
        let base = json!({"ops": [{"n": "a"}, {"n": "b"}]});
        let ours = json!({"ops": [{"n": "A"}, {"n": "b"}]});
        let theirs = json!({"ops": [{"n": "a"}, {"n": "B"}]});
        assert_eq!(
            merge3(&base, &ours, &theirs),
            (json!({"ops": [{"n": "A"}, {"n": "B"}]}), vec![])
        );
        // One side grew the list while the other edited an item: one conflict, ours kept.
        let grown = json!({"ops": [{"n": "a"}, {"n": "b"}, {"n": "c"}]});
        let (m, c) = merge3(&base, &grown, &theirs);
        assert_eq!((m, c), (grown, vec!["ops".to_string()]));
    }

    #[test]
    fn items_added_on_one_side_only_are_taken() {
        let base = json!({"ops": [1]});
        let theirs = json!({"ops": [1, 2]});
        assert_eq!(merge3(&base, &base, &theirs), (theirs.clone(), vec![]));
    }
}
