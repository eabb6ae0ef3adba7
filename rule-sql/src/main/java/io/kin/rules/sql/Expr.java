package io.kin.rules.sql;

/**
 * A compiled expression: a node of the evaluator tree built once from the SQL. Nodes are immutable; everything
 * that varies per message lives in the {@link Evaluation}, which is why one tree serves all threads.
 */
interface Expr {

    Object eval(Evaluation ev);

    record Literal(Object value) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            return value;
        }
    }
}
