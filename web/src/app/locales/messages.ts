/** The shape every other locale must have: the zh-CN messages with each leaf widened to string. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
