package io.clonevip.netlink;

import io.clonevip.nativ.KernelException;
import java.util.ArrayList;
import java.util.List;

/** An attribute list in wire order, with lookups by type. */
public final class Attrs {
    private final List<Attr> list;

    Attrs(List<Attr> list) { this.list = List.copyOf(list); }

    public List<Attr> all() { return list; }

    /** The first attribute of this type, or null. */
    public Attr get(int type) {
        for (Attr a : list) if (a.type() == type) return a;
        return null;
    }

    public boolean has(int type) { return get(type) != null; }

    public List<Attr> getAll(int type) {
        List<Attr> r = new ArrayList<>();
        for (Attr a : list) if (a.type() == type) r.add(a);
        return r;
    }

    /** The attribute, or a malformed-reply error naming it. */
    public Attr require(int type, String name) throws KernelException {
        Attr a = get(type);
        if (a == null) throw KernelException.malformed("parse", "missing attribute " + name + " (" + type + ")");
        return a;
    }

    public String string(int type, String dflt) { Attr a = get(type); return a == null ? dflt : a.string(); }

    public int size() { return list.size(); }
}
