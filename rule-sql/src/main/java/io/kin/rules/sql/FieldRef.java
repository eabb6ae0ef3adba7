package io.kin.rules.sql;

/** A reference to an input field or a SELECT alias, with an optional path into the value. */
sealed interface FieldRef extends Expr {

    /** A well-known field, read from its slot. */
    record Slot(int slot, FieldPath path) implements FieldRef {
        @Override
        public Object eval(Evaluation ev) {
            return path.navigate(ev.input().slot(slot), 1);
        }
    }

    /** The payload, decoded lazily. */
    record Payload(FieldPath path) implements FieldRef {
        @Override
        public Object eval(Evaluation ev) {
            return path.navigate(ev.payload(), 1);
        }
    }

    /** Any other field, looked up by name. */
    record Named(String name, FieldPath path) implements FieldRef {
        @Override
        public Object eval(Evaluation ev) {
            return path.navigate(ev.input().other(name), 1);
        }
    }

    /** A SELECT alias used in WHERE. */
    record Alias(int column, FieldPath path) implements FieldRef {
        @Override
        public Object eval(Evaluation ev) {
            return path.navigate(ev.column(column), 1);
        }
    }

    static FieldRef toInput(FieldPath path) {
        int slot = RuleInput.slotOf(path.head());
        if (slot == RuleInput.PAYLOAD) {
            return new Payload(path);
        }
        return slot >= 0 ? new Slot(slot, path) : new Named(path.head(), path);
    }
}
