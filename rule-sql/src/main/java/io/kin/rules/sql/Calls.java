package io.kin.rules.sql;

/**
 * Function call nodes, one per arity so that calling allocates no argument array. Calls are strict — a null
 * argument makes the result null without calling — unless the function is declared otherwise.
 */
final class Calls {

    private Calls() {
    }

    interface Fn0 {
        Object apply(Evaluation ev);
    }

    interface Fn1 {
        Object apply(Object a);
    }

    interface Fn2 {
        Object apply(Object a, Object b);
    }

    interface Fn3 {
        Object apply(Object a, Object b, Object c);
    }

    interface FnN {
        Object apply(Object[] args);
    }

    record Call0(Fn0 f) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            return f.apply(ev);
        }
    }

    record Call1(Fn1 f, Expr a, boolean strict) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Object x = a.eval(ev);
            return x == null && strict ? null : f.apply(x);
        }
    }

    record Call2(Fn2 f, Expr a, Expr b) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Object x = a.eval(ev);
            if (x == null) {
                return null;
            }
            Object y = b.eval(ev);
            return y == null ? null : f.apply(x, y);
        }
    }

    record Call3(Fn3 f, Expr a, Expr b, Expr c) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Object x = a.eval(ev);
            if (x == null) {
                return null;
            }
            Object y = b.eval(ev);
            if (y == null) {
                return null;
            }
            Object z = c.eval(ev);
            return z == null ? null : f.apply(x, y, z);
        }
    }

    /** Variable arity; never strict (concat skips nulls itself). */
    record CallN(FnN f, Expr[] args) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Object[] values = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = args[i].eval(ev);
            }
            return f.apply(values);
        }
    }
}
