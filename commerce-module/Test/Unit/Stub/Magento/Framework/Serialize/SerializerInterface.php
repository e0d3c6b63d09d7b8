<?php

declare(strict_types=1);

namespace Magento\Framework\Serialize;

/**
 * Stand-in for Magento's serializer (JSON in a default installation).
 */
interface SerializerInterface
{
    /**
     * @param mixed $data
     * @return string|bool
     */
    public function serialize($data);

    /**
     * @return mixed
     */
    public function unserialize(string $string);
}
