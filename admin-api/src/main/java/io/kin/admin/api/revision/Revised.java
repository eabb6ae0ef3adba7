package io.kin.admin.api.revision;

/** A stored resource answered with its revision, which {@link EtagHeader} turns into the ETag header. */
public interface Revised {

    /** PostgreSQL's {@code xmin} of the row: it changes with every update, by anyone, so it needs no column. */
    String revision();
}
