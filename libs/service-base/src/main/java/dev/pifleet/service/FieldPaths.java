package dev.pifleet.service;

import jakarta.validation.Path;

/** Names the invalid field of a Bean Validation violation as a path in the request, e.g. {@code readings[3].sensors.temp}. */
public final class FieldPaths {

    /** Map keys come from the request; a longer one is cut so an error cannot echo a huge key. */
    private static final int MAX_KEY_LENGTH = 64;

    private FieldPaths() {
    }

    /**
     * The path below the validated parameter or bean: list indexes as {@code [i]}, map keys as {@code .key},
     * properties as {@code .name}. A violation of the parameter itself is named by the parameter ("body" for a bean).
     */
    public static String of(Path propertyPath) {
        String parameter = "body";
        StringBuilder path = new StringBuilder();
        for (Path.Node node : propertyPath) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> { }
                case PARAMETER -> {
                    parameter = node.getName();
                    path.setLength(0);
                }
                default -> {
                    if (node.isInIterable()) {
                        path.append(node.getIndex() != null ? "[" + node.getIndex() + "]" : "." + key(node.getKey()));
                    }
                    if (node.getName() != null && node.getKind() != jakarta.validation.ElementKind.CONTAINER_ELEMENT) {
                        path.append(path.isEmpty() ? "" : ".").append(node.getName());
                    }
                }
            }
        }
        return path.isEmpty() ? parameter : path.toString();
    }

    private static String key(Object key) {
        String text = String.valueOf(key);
        return text.length() > MAX_KEY_LENGTH ? text.substring(0, MAX_KEY_LENGTH) + "..." : text;
    }
}
