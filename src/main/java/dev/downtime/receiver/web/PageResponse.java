package dev.downtime.receiver.web;

import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Page;

/** One page of an admin list, newest first. */
public record PageResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    /** A page Spring Data found, its items mapped to their API shape. */
    public static <S, T> PageResponse<T> of(Page<S> found, Function<S, T> mapper) {
        return of(found.getContent(), found.getNumber(), found.getSize(), found.getTotalElements(), mapper);
    }

    public static <S, T> PageResponse<T> of(List<S> items, int page, int size, long totalItems, Function<S, T> mapper) {
        return new PageResponse<>(
                items.stream().map(mapper).toList(), page, size, totalItems, (int) ((totalItems + size - 1) / size));
    }
}
