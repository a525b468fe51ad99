"""ETRS-TM35FIN (EPSG:3067), Finland's national map projection, to and from lon/lat.

The transverse Mercator on the GRS80 ellipsoid by Krüger's series to the fourth order in n
(the formulas of JHS 197 and Karney 2011, "Transverse Mercator with an accuracy of a few
nanometers"): central meridian 27° E, scale 0.9996, false easting 500 000 m. Within Finland
the series are exact to well under a millimetre; a test checks both directions against a
reprojection of Statistics Finland's municipal boundaries made with other software.

Why not pyproj: it brings PROJ and its data (tens of MB) and costs most of a second to import,
for one projection with a closed form that numpy evaluates on every vertex at once. ETRS89
and WGS84 differ by well under a metre, which the boundaries (rounded to about a metre) and
the maps do not show.
"""

import numpy as np

A = 6378137.0  # GRS80 semi-major axis, m
F = 1 / 298.257222101  # GRS80 flattening
K0 = 0.9996
LON0 = np.radians(27.0)
FALSE_EASTING = 500000.0

_N = F / (2 - F)
_E = np.sqrt(F * (2 - F))
_A1 = A / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64)
_ALPHA = (
    _N / 2 - 2 / 3 * _N**2 + 5 / 16 * _N**3 + 41 / 180 * _N**4,
    13 / 48 * _N**2 - 3 / 5 * _N**3 + 557 / 1440 * _N**4,
    61 / 240 * _N**3 - 103 / 140 * _N**4,
    49561 / 161280 * _N**4,
)
_BETA = (
    _N / 2 - 2 / 3 * _N**2 + 37 / 96 * _N**3 - 1 / 360 * _N**4,
    1 / 48 * _N**2 + 1 / 15 * _N**3 - 437 / 1440 * _N**4,
    17 / 480 * _N**3 - 37 / 840 * _N**4,
    4397 / 161280 * _N**4,
)


def to_tm35fin(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Degrees (arrays) -> easting and northing in metres."""
    phi = np.radians(np.asarray(lat, dtype=float))
    lam = np.radians(np.asarray(lon, dtype=float)) - LON0
    q = np.arcsinh(np.tan(phi)) - _E * np.arctanh(_E * np.sin(phi))
    beta = np.arctan(np.sinh(q))
    eta_ = np.arctanh(np.cos(beta) * np.sin(lam))
    xi_ = np.arctan2(np.tan(beta), np.cos(lam))
    xi, eta = xi_.copy(), eta_.copy()
    for j, alpha in enumerate(_ALPHA, start=1):
        xi += alpha * np.sin(2 * j * xi_) * np.cosh(2 * j * eta_)
        eta += alpha * np.cos(2 * j * xi_) * np.sinh(2 * j * eta_)
    return K0 * _A1 * eta + FALSE_EASTING, K0 * _A1 * xi


def from_tm35fin(easting: np.ndarray, northing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Easting and northing in metres (arrays) -> longitude and latitude in degrees."""
    xi = np.asarray(northing, dtype=float) / (K0 * _A1)
    eta = (np.asarray(easting, dtype=float) - FALSE_EASTING) / (K0 * _A1)
    xi_, eta_ = xi.copy(), eta.copy()
    for j, beta in enumerate(_BETA, start=1):
        xi_ -= beta * np.sin(2 * j * xi) * np.cosh(2 * j * eta)
        eta_ -= beta * np.cos(2 * j * xi) * np.sinh(2 * j * eta)
    conformal = np.arcsin(np.sin(xi_) / np.cosh(eta_))
    lam = np.arctan2(np.sinh(eta_), np.cos(xi_))
    q = np.arcsinh(np.tan(conformal))
    # The isometric latitude of the ellipsoid by fixed-point iteration (converges to 1e-15
    # in a handful of steps at any latitude of Finland).
    q_ = q.copy()
    for _ in range(8):
        q_ = q + _E * np.arctanh(_E * np.tanh(q_))
    return np.degrees(lam + LON0), np.degrees(np.arctan(np.sinh(q_)))
