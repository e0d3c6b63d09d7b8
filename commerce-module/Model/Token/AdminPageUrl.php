<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Token;

use InvalidArgumentException;

/**
 * The address of the service's admin pages (`<service url>/admin/?token=<jwt>`) and the service's
 * origin (for the Content Security Policy). Plain PHP, unit-tested on its own.
 */
final class AdminPageUrl
{
    /**
     * @throws InvalidArgumentException when the service URL is not an absolute http(s) URL
     */
    public function build(string $serviceUrl, string $token): string
    {
        $base = $this->normalise($serviceUrl);

        return $base . '/admin/?token=' . rawurlencode($token);
    }

    /**
     * `scheme://host[:port]` of the service, or '' when the URL is empty or not usable.
     */
    public function origin(string $serviceUrl): string
    {
        try {
            $parts = parse_url($this->normalise($serviceUrl));
        } catch (InvalidArgumentException $notUsable) {
            return '';
        }
        $origin = strtolower($parts['scheme']) . '://' . strtolower($parts['host']);

        return isset($parts['port']) ? $origin . ':' . $parts['port'] : $origin;
    }

    /**
     * The URL without trailing slashes.
     *
     * @throws InvalidArgumentException
     */
    private function normalise(string $serviceUrl): string
    {
        $url = rtrim(trim($serviceUrl), '/');
        $parts = parse_url($url);
        if (
            $parts === false
            || !isset($parts['scheme'], $parts['host'])
            || !in_array(strtolower($parts['scheme']), ['http', 'https'], true)
            || isset($parts['user']) || isset($parts['pass']) || isset($parts['query']) || isset($parts['fragment'])
        ) {
            throw new InvalidArgumentException(
                'The service URL must be an absolute http(s) URL without credentials, query or fragment.'
            );
        }

        return $url;
    }
}
