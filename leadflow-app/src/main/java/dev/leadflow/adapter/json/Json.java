package dev.leadflow.adapter.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Jackson set up for a server on virtual threads. Jackson's default recycles its parse and write
 * buffers per thread, which on virtual threads (one per request) means fresh buffers for every
 * request, most of the garbage an event made; these factories share one pool instead.
 */
public final class Json {

    private Json() {}

    /** A factory whose buffers are recycled across threads. */
    public static JsonFactory factory() {
        return JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                .build();
    }

    /** A mapper builder on {@link #factory()}. */
    public static JsonMapper.Builder mapper() {
        return JsonMapper.builder(factory());
    }
}
