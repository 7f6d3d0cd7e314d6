"""wecare: check, rank and report applications to the WE.CA.RE. measures of Regione Piemonte."""

__version__ = "0.1.0"
