package dev.leadflow.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The {@code k} smallest of the elements offered, by {@code order}: a page of a sorted list
 * without sorting every element (a heap of the {@code k} smallest seen so far, its largest on
 * top). Not thread-safe.
 */
final class Smallest<T> {

    private final int k;
    private final Comparator<? super T> order;
    private final PriorityQueue<T> heap;

    Smallest(int k, Comparator<? super T> order) {
        if (k < 0) {
            throw new IllegalArgumentException("k must not be negative: " + k);
        }
        this.k = k;
        this.order = order;
        this.heap = new PriorityQueue<>(Math.max(1, Math.min(k, 1024)), order.reversed());
    }

    void offer(T element) {
        if (heap.size() < k) {
            heap.add(element);
        } else if (k > 0 && order.compare(element, heap.peek()) < 0) {
            heap.poll();
            heap.add(element);
        }
    }

    /** The smallest elements offered, at most {@code k}, in order. */
    List<T> sorted() {
        List<T> out = new ArrayList<>(heap);
        out.sort(order);
        return out;
    }
}
