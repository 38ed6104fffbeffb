package dev.pharos.present.api;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.pharos.query.Params;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parameters from the query string and, for POST, a form body: the same names either way. */
public final class RequestParams {

    private RequestParams() {}

    public static Params of(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        add(values, QueryParams.fromQueryString(ctx.query()));
        MediaType type = req.contentType();
        if (type != null && type.is(MediaType.FORM_DATA)) {
            add(values, QueryParams.fromQueryString(req.contentUtf8()));
        }
        return new Params(values);
    }

    private static void add(Map<String, List<String>> values, QueryParams params) {
        for (String name : params.names()) {
            values.computeIfAbsent(name, k -> new ArrayList<>()).addAll(params.getAll(name));
        }
    }
}
