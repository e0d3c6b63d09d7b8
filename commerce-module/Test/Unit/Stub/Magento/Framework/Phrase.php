<?php

declare(strict_types=1);

namespace Magento\Framework;

/**
 * Stand-in for Magento's translatable text (same constructor); renders the text as given.
 */
class Phrase
{
    private string $text;

    /**
     * @param array<int|string, mixed> $arguments
     */
    public function __construct(string $text, array $arguments = [])
    {
        $this->text = $text;
    }

    public function render(): string
    {
        return $this->text;
    }

    public function __toString(): string
    {
        return $this->render();
    }
}
