#include "historysource.h"

HistorySource::~HistorySource() = default;
