#ifndef GEOINCIDENTS_CZLIB_SHIM_H
#define GEOINCIDENTS_CZLIB_SHIM_H

// zlib for gzip (Tiles/Gzip.swift): MBTiles 1.3 stores vector tiles gzipped.
#include <zlib.h>

#endif
