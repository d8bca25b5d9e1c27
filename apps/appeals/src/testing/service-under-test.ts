// The shared harness for a service's HTTP integration tests lives in libs/testing.
export * from '#testing';
