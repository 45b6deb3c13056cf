package dev.slipway.rest;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.lang.reflect.Type;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Message converter that reads the request bodies of Slipway's own types strictly. It rejects an unknown field, a
 * fraction where a whole number belongs, text where a number or a flag belongs, a field given twice, and content
 * after the JSON object, where Jackson's defaults would drop or round them. Other types, such as those of an
 * embedding application's own controllers, keep the application's Jackson settings.
 */
class StrictJsonMessageConverter extends MappingJackson2HttpMessageConverter {

    private static final String[] SLIPWAY_PACKAGES = {"dev.slipway.web.", "dev.slipway.rest."};

    StrictJsonMessageConverter(ObjectMapper applicationMapper) {
        super(strict(applicationMapper.copy()));
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // Jackson keeps the last of two values of one field, so a body could show one value and apply another.
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    @Override
    public boolean canRead(Type type, Class<?> contextClass, MediaType mediaType) {
        return isSlipwayType(type) && super.canRead(type, contextClass, mediaType);
    }

    @Override
    public boolean canRead(Class<?> type, MediaType mediaType) {
        return isSlipwayType(type) && super.canRead(type, mediaType);
    }

    @Override
    protected boolean canWrite(MediaType mediaType) {
        return false;
    }

    @Override
    public boolean canWrite(Class<?> type, MediaType mediaType) {
        return false;
    }

    private static boolean isSlipwayType(Type type) {
        if (!(type instanceof Class<?> bodyClass)) {
            return false;
        }
        String name = bodyClass.getName();
        for (String prefix : SLIPWAY_PACKAGES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
