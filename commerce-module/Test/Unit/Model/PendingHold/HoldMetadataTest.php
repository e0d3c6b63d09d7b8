<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model\PendingHold;

use AmazonOrders\Bridge\Model\PendingHold\HoldMetadata;
use PHPUnit\Framework\TestCase;

class HoldMetadataTest extends TestCase
{
    private const ID = '114-1234567-1234567';
    private const MSI = '{"event_type":"amazon_pending_held","object_type":"amazon_order",'
        . '"object_id":"114-1234567-1234567","object_increment_id":"114-1234567-1234567"}';

    /**
     * @return array<string, array{string, bool}>
     */
    public static function metadata(): array
    {
        return [
            'held, as MSI writes it' => [self::MSI, true],
            'held, with an empty increment id' => [str_replace('"' . self::ID . '"}', '""}', self::MSI), true],
            'released' => [str_replace('amazon_pending_held', 'amazon_pending_released', self::MSI), true],
            'without object_increment_id' => [
                '{"event_type":"amazon_pending_held","object_type":"amazon_order","object_id":"' . self::ID . '"}',
                true,
            ],
            'an order whose number is the Amazon id' => [
                '{"event_type":"order_placed","object_type":"order","object_id":"42",'
                . '"object_increment_id":"114-1234567-1234567"}',
                false,
            ],
            'another object type, same id' => [str_replace('"amazon_order"', '"order"', self::MSI), false],
            'an id this one is a prefix of' => [str_replace(self::ID, self::ID . '8', self::MSI), false],
            'an id this one is a suffix of' => [str_replace(self::ID, '1' . self::ID, self::MSI), false],
            'object id not a string' => [
                '{"event_type":"amazon_pending_held","object_type":"amazon_order","object_id":114}',
                false,
            ],
            'no object id' => ['{"event_type":"amazon_pending_held","object_type":"amazon_order"}', false],
            'not JSON' => ['amazon_order 114-1234567-1234567', false],
            'empty' => ['', false],
        ];
    }

    /**
     * @dataProvider metadata
     */
    public function testRecognisesTheReservationsOfOneAmazonOrder(string $metadata, bool $expected): void
    {
        self::assertSame($expected, (new HoldMetadata())->isHoldOf($metadata, self::ID));
    }

    public function testTheSqlPatternsFindEveryMatchingRowAndNoOtherOrdersRow(): void
    {
        $metadata = new HoldMetadata();
        foreach (self::metadata() as $name => [$row, $expected]) {
            if ($expected) {
                self::assertTrue(self::like($row, $metadata->objectTypePattern()), $name);
                self::assertTrue(self::like($row, $metadata->objectIdPattern(self::ID)), $name);
            }
        }
        foreach (['114-1234567-123456', '14-1234567-1234567', '114-1234567'] as $other) {
            self::assertFalse(self::like(self::MSI, $metadata->objectIdPattern($other)), $other);
        }
    }

    public function testSqlNarrowsCaseInsensitivelyButTheIdMatchesExactly(): void
    {
        $metadata = new HoldMetadata();
        $row = str_replace(self::ID, 'ab-1', self::MSI);

        self::assertTrue(self::like($row, $metadata->objectIdPattern('AB-1')));
        self::assertFalse($metadata->isHoldOf($row, 'AB-1'));
        self::assertTrue($metadata->isHoldOf($row, 'ab-1'));
    }

    public function testBuildsMetadataInTheShapeMsiWrites(): void
    {
        // The Amazon order id is the increment id too, so MSI's cleanup, which groups rows by
        // object_increment_id, keeps each hold in a group of its own.
        $built = (new HoldMetadata())->build(HoldMetadata::EVENT_RELEASED, self::ID);

        self::assertSame(
            '{"event_type":"amazon_pending_released","object_type":"amazon_order",'
            . '"object_id":"114-1234567-1234567","object_increment_id":"114-1234567-1234567"}',
            json_encode($built)
        );
        self::assertTrue((new HoldMetadata())->isHoldOf((string)json_encode($built), self::ID));
    }

    /**
     * @return array<string, array{string, bool}>
     */
    public static function ids(): array
    {
        return [
            'Amazon order number' => [self::ID, true],
            'letters and digits' => ['Order-AB12', true],
            '64 characters' => [str_repeat('1', 64), true],
            'empty' => ['', false],
            '65 characters' => [str_repeat('1', 65), false],
            'quote' => ['114-1"', false],
            'backslash' => ['114\\1', false],
            'percent' => ['114-%', false],
            'underscore' => ['114_1', false],
            'space' => ['114 1', false],
            'trailing newline' => [self::ID . "\n", false],
            'non-ASCII digit' => ['114-１', false],
        ];
    }

    /**
     * @dataProvider ids
     */
    public function testOnlyIdsThatAreSafeInJsonAndLikeAreValid(string $id, bool $valid): void
    {
        $metadata = new HoldMetadata();
        self::assertSame($valid, $metadata->isValidId($id));
        if (!$valid) {
            $this->expectException(\InvalidArgumentException::class);
            $metadata->objectIdPattern($id);
        }
    }

    public function testNoMetadataIsBuiltForAnInvalidId(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        (new HoldMetadata())->build(HoldMetadata::EVENT_HELD, "114-1\",\"object_type\":\"order");
    }

    /**
     * SQL LIKE with % and _ wildcards, case-insensitive as MySQL's default collations are.
     */
    private static function like(string $value, string $pattern): bool
    {
        $regex = '';
        foreach (str_split($pattern) as $char) {
            $regex .= $char === '%' ? '.*' : ($char === '_' ? '.' : preg_quote($char, '/'));
        }

        return preg_match('/^' . $regex . '$/si', $value) === 1;
    }
}
