<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model\Reservation;

use AmazonOrders\Bridge\Model\Reservation\OrderPlacedMetadata;
use PHPUnit\Framework\TestCase;

class OrderPlacedMetadataTest extends TestCase
{
    private const MSI = '{"event_type":"order_placed","object_type":"order","object_id":"42",'
        . '"object_increment_id":"000000042"}';

    /**
     * @return array<string, array{string, bool}>
     */
    public static function metadata(): array
    {
        return [
            'as MSI writes it' => [self::MSI, true],
            'object id as a number' => ['{"event_type":"order_placed","object_type":"order","object_id":42}', true],
            'another order' => [str_replace('"42"', '"420"', self::MSI), false],
            'shipment of the order' => [str_replace('order_placed', 'shipment_created', self::MSI), false],
            'another object type' => [str_replace('"object_type":"order"', '"object_type":"quote"', self::MSI), false],
            'no object id' => ['{"event_type":"order_placed","object_type":"order"}', false],
            'not JSON' => ['order_placed 42', false],
            'empty' => ['', false],
        ];
    }

    /**
     * @dataProvider metadata
     */
    public function testRecognisesTheOrderPlacedReservationsOfOneOrder(string $metadata, bool $expected): void
    {
        self::assertSame($expected, (new OrderPlacedMetadata())->isOrderPlacedFor($metadata, 42));
    }

    public function testTheSqlPatternsFindEveryMatchingRow(): void
    {
        $metadata = new OrderPlacedMetadata();
        foreach (self::metadata() as [$row, $expected]) {
            if (!$expected) {
                continue;
            }
            self::assertTrue(self::like($row, $metadata->eventPattern()), $row);
            $matched = array_filter($metadata->likePatterns(42), static fn (string $p): bool => self::like($row, $p));
            self::assertNotEmpty($matched, $row);
        }
        $other = array_filter($metadata->likePatterns(4), static fn (string $p): bool => self::like(self::MSI, $p));
        self::assertEmpty($other);
    }

    /**
     * SQL LIKE with % and _ wildcards, case-sensitive (enough for these patterns).
     */
    private static function like(string $value, string $pattern): bool
    {
        $regex = '';
        foreach (str_split($pattern) as $char) {
            $regex .= $char === '%' ? '.*' : ($char === '_' ? '.' : preg_quote($char, '/'));
        }

        return preg_match('/^' . $regex . '$/s', $value) === 1;
    }
}
